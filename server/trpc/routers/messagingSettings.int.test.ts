import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceMessaging } from "@/db/schema";
import { NOTICE_KEY_PATTERN } from "@/server/messaging/settings";
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

const valid = {
  mailFrom: "Acme Status <status@acme.example>",
  approvalThreshold: 1200,
  allowedOrigins: ["https://app.acme.example", "http://localhost:3000/", ""],
};

describe("workspace.messaging (Settings → Messaging)", () => {
  it("creates the row with keys on first read: defaults, pk_ key, secret never in get", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const first = await admin.workspace.messaging.get({ workspace: workspace.slug });
    expect(first).toMatchObject({
      mailFrom: null,
      approvalThreshold: 500,
      allowedOrigins: [],
      canEdit: true,
    });
    expect(first.noticeKey).toMatch(NOTICE_KEY_PATTERN);
    expect(JSON.stringify(first)).not.toContain("noticeSecret");
    expect((await admin.workspace.messaging.get({ workspace: workspace.slug })).noticeKey).toBe(
      first.noticeKey,
    );
    const { noticeSecret } = await admin.workspace.messaging.revealSecret({
      workspace: workspace.slug,
    });
    expect(Buffer.from(noticeSecret, "base64url")).toHaveLength(32);
  });

  it("saves sender, threshold and normalised origins for admins; commanders read only", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const saved = await admin.workspace.messaging.update({ workspace: workspace.slug, ...valid });
    expect(saved).toMatchObject({
      mailFrom: "Acme Status <status@acme.example>",
      approvalThreshold: 1200,
      allowedOrigins: ["https://app.acme.example", "http://localhost:3000"],
    });
    const commander = await callerAs(env, users.commander);
    expect(await commander.workspace.messaging.get({ workspace: workspace.slug })).toMatchObject({
      approvalThreshold: 1200,
      canEdit: false,
    });
    for (const call of [
      () => commander.workspace.messaging.update({ workspace: workspace.slug, ...valid }),
      () => commander.workspace.messaging.revealSecret({ workspace: workspace.slug }),
      () => commander.workspace.messaging.rotateKeys({ workspace: workspace.slug }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const role of ["responder", "viewer"] as const) {
      const caller = await callerAs(env, users[role]);
      await expect(
        caller.workspace.messaging.get({ workspace: workspace.slug }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("refuses bad sender, threshold and origins next to the field, storing nothing", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const cases: [Partial<typeof valid> & Record<string, unknown>, string, string][] = [
      [{ mailFrom: "status@acme.example" }, "mailFrom", "look like"],
      [{ mailFrom: "Acme <not-an-address>" }, "mailFrom", "look like"],
      [{ mailFrom: "Acme\r\nBcc: x@y.z <a@b.co>" }, "mailFrom", "look like"],
      [{ approvalThreshold: 0 }, "approvalThreshold", "at least 1"],
      [{ approvalThreshold: 1_000_001 }, "approvalThreshold", "at most 1,000,000"],
      [{ approvalThreshold: 2.5 }, "approvalThreshold", "whole"],
      [{ allowedOrigins: ["https://app.acme.example/path"] }, "allowedOrigins", "not an origin"],
      [{ allowedOrigins: ["javascript:alert(1)"] }, "allowedOrigins", "not an origin"],
      [{ allowedOrigins: ["app.acme.example"] }, "allowedOrigins", "not an origin"],
    ];
    for (const [patch, field, text] of cases) {
      const err = await admin.workspace.messaging
        .update({ workspace: workspace.slug, ...valid, ...patch } as typeof valid & {
          workspace: string;
        })
        .catch((e) => e);
      expect(err, JSON.stringify(patch)).toMatchObject({ code: "BAD_REQUEST" });
      expect(err.message).toContain(field);
      expect(err.message).toContain(text);
    }
    expect(await admin.workspace.messaging.get({ workspace: workspace.slug })).toMatchObject({
      mailFrom: null,
      approvalThreshold: 500,
      allowedOrigins: [],
    });
  });

  it("rotates key and secret together", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const before = await admin.workspace.messaging.get({ workspace: workspace.slug });
    const { noticeSecret: secretBefore } = await admin.workspace.messaging.revealSecret({
      workspace: workspace.slug,
    });
    const rotated = await admin.workspace.messaging.rotateKeys({ workspace: workspace.slug });
    expect(rotated.noticeKey).toMatch(NOTICE_KEY_PATTERN);
    expect(rotated.noticeKey).not.toBe(before.noticeKey);
    expect(rotated.noticeSecret).not.toBe(secretBefore);
  });

  it("is isolated by workspace: another workspace's admin reads and changes nothing here", async () => {
    const a = await workspaceWithTeam(env);
    const b = await workspaceWithTeam(env);
    const adminA = await callerAs(env, a.users.admin);
    const adminB = await callerAs(env, b.users.admin);
    const keyA = (await adminA.workspace.messaging.get({ workspace: a.workspace.slug })).noticeKey;
    for (const call of [
      () => adminB.workspace.messaging.get({ workspace: a.workspace.slug }),
      () => adminB.workspace.messaging.update({ workspace: a.workspace.slug, ...valid }),
      () => adminB.workspace.messaging.revealSecret({ workspace: a.workspace.slug }),
      () => adminB.workspace.messaging.rotateKeys({ workspace: a.workspace.slug }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const [row] = await env.db
      .select()
      .from(workspaceMessaging)
      .where(eq(workspaceMessaging.workspaceId, a.workspace.id));
    expect(row).toMatchObject({ noticeKey: keyA, approvalThreshold: 500, mailFrom: null });
    // B's own settings are its own.
    await adminB.workspace.messaging.update({ workspace: b.workspace.slug, ...valid });
    expect(
      (await adminA.workspace.messaging.get({ workspace: a.workspace.slug })).approvalThreshold,
    ).toBe(500);
  });
});
