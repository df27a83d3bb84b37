import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey } from "@/db/schema";
import { findApiKey, hashApiKey } from "@/server/apikeys";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe("API keys", () => {
  it("shows the key once; lists name, prefix, scopes and creator but never the secret", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const created = await admin.apiKeys.create({
      workspace: workspace.slug,
      name: "Production ingest",
      scopes: ["read", "ingest", "ingest"],
    });
    expect(created.key).toMatch(/^br_[0-9A-Za-z]{40}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.scopes).toEqual(["ingest", "read"]);

    const found = await findApiKey(env.db, created.key);
    expect(found).toMatchObject({ workspaceId: workspace.id, scopes: ["ingest", "read"] });

    const list = await admin.apiKeys.list({ workspace: workspace.slug });
    expect(list).toEqual([
      {
        id: created.id,
        name: "Production ingest",
        prefix: created.prefix,
        scopes: ["ingest", "read"],
        createdBy: "Ada Admin",
        createdAt: created.createdAt,
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    const serialized = JSON.stringify(list);
    expect(serialized).not.toContain(created.key);
    expect(serialized).not.toContain(hashApiKey(created.key));
    // Only the hash is stored.
    const [row] = await env.db.select().from(apiKey).where(eq(apiKey.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.key);
  });

  it("revokes a key: it stops authenticating at once and is listed as revoked", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const kept = await admin.apiKeys.create({
      workspace: workspace.slug,
      name: "Kept",
      scopes: ["read"],
    });
    const gone = await admin.apiKeys.create({
      workspace: workspace.slug,
      name: "Leaked",
      scopes: ["ingest"],
    });
    const revoked = await admin.apiKeys.revoke({ workspace: workspace.slug, id: gone.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);

    expect(await findApiKey(env.db, gone.key)).toBeNull();
    expect(await findApiKey(env.db, kept.key)).not.toBeNull();
    const list = await admin.apiKeys.list({ workspace: workspace.slug });
    expect(list.map((k) => [k.name, k.revokedAt === null])).toEqual([
      ["Kept", true],
      ["Leaked", false],
    ]);
    // Revoking twice keeps the first revocation time.
    const again = await admin.apiKeys.revoke({ workspace: workspace.slug, id: gone.id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
  });

  it("is for admins only: other roles can neither list, create nor revoke", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const key = await admin.apiKeys.create({
      workspace: workspace.slug,
      name: "CI",
      scopes: ["ingest"],
    });
    for (const role of ["commander", "responder", "viewer"] as const) {
      const caller = await callerAs(env, users[role]);
      const ws = { workspace: workspace.slug };
      await expect(caller.apiKeys.list(ws)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.apiKeys.create({ ...ws, name: "mine", scopes: ["read"] }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.apiKeys.revoke({ ...ws, id: key.id })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await findApiKey(env.db, key.key)).not.toBeNull();
    expect((await admin.apiKeys.list({ workspace: workspace.slug })).map((k) => k.name)).toEqual([
      "CI",
    ]);
  });

  it("needs a name and at least one known scope", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const ws = { workspace: workspace.slug };
    await expect(
      admin.apiKeys.create({ ...ws, name: " ", scopes: ["read"] }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Give the key a name"),
    });
    await expect(admin.apiKeys.create({ ...ws, name: "x", scopes: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Choose at least one scope"),
    });
    await expect(
      admin.apiKeys.create({ ...ws, name: "x", scopes: ["admin" as "read"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await admin.apiKeys.list(ws)).toEqual([]);
  });
});
