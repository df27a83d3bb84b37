/** Agent tokens and who they act for: GET /api/extension/v1/me, revocation, roles, limits. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extensionToken, member } from "@/db/schema";
import { hashApiKey } from "@/server/apikeys";
import { FixedWindowRateLimiter } from "@/server/api";
import { jsonResponse } from "@/server/errors";
import {
  addMember,
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  type TestEnv,
} from "@/server/testing/fixtures";
import { removeMember } from "@/server/workspaces/members";
import { meApi } from "./api";
import { extensionHandler } from "./handler";
import { agentRequest, agentWorkspace, answer } from "./testing";
import { createToken } from "./tokens";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const me = (token: string | null, headers?: Record<string, string>) =>
  answer(meApi(env.db, agentRequest("/me", token, undefined, headers)));

describe("GET /api/extension/v1/me", () => {
  it("answers who the token acts for; only the token's SHA-256 is stored", async () => {
    const { workspace, users, tokens } = await agentWorkspace(env);
    const res = await me(tokens.responder);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { name: "responder user", email: users.responder.email },
      workspace: { slug: workspace.slug, name: "Acme" },
      role: "responder",
      token: { id: expect.any(String), name: "responder's Chrome", created_at: expect.any(String) },
    });
    expect(tokens.responder).toMatch(/^brx_[0-9A-Za-z]{40}$/);
    const [row] = await env.db
      .select()
      .from(extensionToken)
      .where(eq(extensionToken.id, res.body.token.id));
    expect(row.hash).toBe(hashApiKey(tokens.responder));
    expect(JSON.stringify(row)).not.toContain(tokens.responder);
    expect(tokens.responder.startsWith(row.prefix)).toBe(true);
  });

  it("refuses a missing, malformed, unknown or API-key header with 401 in the error shape", async () => {
    const { tokens } = await agentWorkspace(env);
    for (const [token, headers] of [
      [null, {}],
      [null, { authorization: "Basic abc" }],
      [`${tokens.viewer}x`, {}],
      ["br_not-an-extension-token", {}],
    ] as const) {
      const res = await me(token, headers);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: "unauthorized", message: expect.any(String) });
    }
  });

  it("acts with the member's current role, and stops when the member is removed", async () => {
    const { workspace, users, tokens } = await agentWorkspace(env);
    expect((await me(tokens.viewer)).body.role).toBe("viewer");
    await addMember(env.db, workspace, users.viewer, "commander");
    expect((await me(tokens.viewer)).body.role).toBe("commander");

    const [m] = await env.db.select().from(member).where(eq(member.userId, users.viewer.id));
    await removeMember(env.db, workspace.id, m.id);
    expect((await me(tokens.viewer)).status).toBe(401);
    // Removal revoked the token, so rejoining does not bring it back.
    await addMember(env.db, workspace, users.viewer, "viewer");
    expect((await me(tokens.viewer)).status).toBe(401);
    const [row] = await env.db
      .select({ revokedAt: extensionToken.revokedAt })
      .from(extensionToken)
      .where(eq(extensionToken.hash, hashApiKey(tokens.viewer)));
    expect(row.revokedAt).toBeInstanceOf(Date);
    // Other members' tokens are untouched.
    expect((await me(tokens.responder)).status).toBe(200);
  });

  it("writes last_used_at at most once a minute", async () => {
    const { tokens } = await agentWorkspace(env);
    const byHash = eq(extensionToken.hash, hashApiKey(tokens.viewer));
    const lastUsed = async () =>
      (await env.db.select().from(extensionToken).where(byHash))[0].lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await me(tokens.viewer);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await me(tokens.viewer);
    expect(await lastUsed()).toEqual(first);
    await env.db
      .update(extensionToken)
      .set({ lastUsedAt: new Date(Date.now() - 61_000) })
      .where(byHash);
    await me(tokens.viewer);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime());
  });

  it("limits requests per token (429 with Retry-After) and bad tokens per address", async () => {
    const { tokens } = await agentWorkspace(env);
    const limited = extensionHandler("viewer", async () => jsonResponse(200, { ok: true }), {
      rateLimiter: new FixedWindowRateLimiter(2),
      failedAuthLimiter: new FixedWindowRateLimiter(3),
    });
    const call = (token: string | null) => answer(limited(env.db, agentRequest("/me", token)));
    expect((await call(tokens.viewer)).status).toBe(200);
    expect((await call(tokens.viewer)).status).toBe(200);
    const over = await call(tokens.viewer);
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe("rate_limited");
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another token has its own budget.
    expect((await call(tokens.responder)).status).toBe(200);

    for (let i = 0; i < 3; i++) expect((await call("brx_guess")).status).toBe(401);
    const blocked = await call("brx_guess");
    expect(blocked.status).toBe(429);
    // Once blocked, the address is refused before its token is even looked up.
    expect((await call(tokens.admin)).status).toBe(429);
  });

  it("grants CORS only to an allow-listed extension's origin", async () => {
    const { tokens } = await agentWorkspace(env);
    const allowed = "chrome-extension://gllekmgbdpccibkiiiapkfelogafdfjm";
    const ok = await me(tokens.viewer, { origin: allowed });
    expect(ok.headers.get("access-control-allow-origin")).toBe(allowed);
    const other = await me(tokens.viewer, {
      origin: "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("extension tokens in the dashboard", () => {
  it("shows the token once; members list their own, admins everyone's", async () => {
    const { workspace, users } = await agentWorkspace(env);
    const responder = await callerAs(env, users.responder);
    const created = await responder.extensionTokens.create({
      workspace: workspace.slug,
      name: "  Chrome on ada-laptop ",
    });
    expect(created.token).toMatch(/^brx_/);
    expect(created.name).toBe("Chrome on ada-laptop");
    expect((await me(created.token)).body.token.name).toBe("Chrome on ada-laptop");

    const own = await responder.extensionTokens.list({ workspace: workspace.slug });
    expect(own.everyone).toBe(false);
    expect(own.tokens.map((t) => t.name).sort()).toEqual([
      "Chrome on ada-laptop",
      "responder's Chrome",
    ]);
    expect(own.tokens.every((t) => t.isYours && t.owner.id === users.responder.id)).toBe(true);
    expect(JSON.stringify(own)).not.toContain(created.token);
    expect(JSON.stringify(own)).not.toContain(hashApiKey(created.token));

    const admin = await callerAs(env, users.admin);
    const all = await admin.extensionTokens.list({ workspace: workspace.slug });
    expect(all.everyone).toBe(true);
    expect(all.tokens).toHaveLength(5);
    expect(all.tokens.filter((t) => t.isYours)).toHaveLength(1);
  });

  it("revokes at once: by the owner, or by an admin; nobody else", async () => {
    const { workspace, users, tokens } = await agentWorkspace(env);
    const ws = workspace.slug;
    const viewer = await callerAs(env, users.viewer);
    const responder = await callerAs(env, users.responder);
    const admin = await callerAs(env, users.admin);
    const responderToken = (await responder.extensionTokens.list({ workspace: ws })).tokens[0];

    await expect(
      viewer.extensionTokens.revoke({ workspace: ws, id: responderToken.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await me(tokens.responder)).status).toBe(200);

    const revoked = await admin.extensionTokens.revoke({ workspace: ws, id: responderToken.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await me(tokens.responder)).status).toBe(401);

    const viewerToken = (await viewer.extensionTokens.list({ workspace: ws })).tokens[0];
    await viewer.extensionTokens.revoke({ workspace: ws, id: viewerToken.id });
    expect((await me(tokens.viewer)).status).toBe(401);
    expect((await me(tokens.commander)).status).toBe(200);

    const listed = await viewer.extensionTokens.list({ workspace: ws });
    expect(listed.tokens[0].revokedAt).toBeInstanceOf(Date);
  });

  it("keeps workspaces apart: an admin of B neither sees nor revokes A's tokens", async () => {
    const a = await agentWorkspace(env);
    const bAdmin = await signUp(env.auth, { name: "Bea" });
    const b = await createWorkspace(env.auth, bAdmin, "Bravo");
    await createToken(env.db, {
      workspaceId: b.id,
      userId: bAdmin.id,
      name: "Bea's Chrome",
      origin: "pasted",
    });
    const bCaller = await callerAs(env, bAdmin);
    const bList = await bCaller.extensionTokens.list({ workspace: b.slug });
    expect(bList.tokens.map((t) => t.name)).toEqual(["Bea's Chrome"]);

    const aAdmin = await callerAs(env, a.users.admin);
    const aTokenId = (await aAdmin.extensionTokens.list({ workspace: a.workspace.slug })).tokens[0]
      .id;
    await expect(
      bCaller.extensionTokens.revoke({ workspace: b.slug, id: aTokenId }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Naming A's workspace does not help someone who is not its member.
    await expect(
      bCaller.extensionTokens.list({ workspace: a.workspace.slug }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await me(a.tokens.admin)).body.workspace.slug).toBe(a.workspace.slug);
  });

  it("connects an allow-listed extension: the token travels in its connected.html fragment", async () => {
    const { workspace, users } = await agentWorkspace(env);
    const viewer = await callerAs(env, users.viewer);
    const { redirectTo } = await viewer.extensionTokens.connect({
      workspace: workspace.slug,
      name: "Chrome on Linux",
      extensionId: "gllekmgbdpccibkiiiapkfelogafdfjm",
      state: "s7a8t9e0-state",
    });
    const url = new URL(redirectTo);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(
      "chrome-extension://gllekmgbdpccibkiiiapkfelogafdfjm/connected.html",
    );
    const fragment = new URLSearchParams(url.hash.slice(1));
    expect(fragment.get("state")).toBe("s7a8t9e0-state");
    expect(fragment.get("server")).toMatch(/^http:\/\/localhost(:\d+)?$/);
    const token = fragment.get("token")!;
    const res = await me(token);
    expect(res.body).toMatchObject({ role: "viewer", token: { name: "Chrome on Linux" } });
    const listed = await viewer.extensionTokens.list({ workspace: workspace.slug });
    expect(listed.tokens.find((t) => t.name === "Chrome on Linux")?.origin).toBe("connect");
  });

  it("refuses to connect an extension that is not allow-listed, and stores nothing", async () => {
    const { workspace, users } = await agentWorkspace(env);
    const viewer = await callerAs(env, users.viewer);
    const before = (await viewer.extensionTokens.list({ workspace: workspace.slug })).tokens;
    await expect(
      viewer.extensionTokens.connect({
        workspace: workspace.slug,
        name: "Evil",
        extensionId: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        state: "whatever-state",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      viewer.extensionTokens.connect({
        workspace: workspace.slug,
        name: "Bad state",
        extensionId: "gllekmgbdpccibkiiiapkfelogafdfjm",
        state: "<script>",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const after = (await viewer.extensionTokens.list({ workspace: workspace.slug })).tokens;
    expect(after).toHaveLength(before.length);
  });
});
