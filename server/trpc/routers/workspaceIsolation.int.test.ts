/**
 * A member of workspace A can read or change nothing of workspace B through the workspace
 * and apiKeys routers: neither by naming B's slug, nor by passing the ids of B's members,
 * invitations or keys along with A's slug. Afterwards B is exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApiKey } from "@/server/apikeys";
import { getWorkspaceSettings } from "@/server/workspaces/settings";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  unique,
  workspaceWithTeam,
  type TestEnv,
  type TestUser,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function setUp() {
  const b = await workspaceWithTeam(env);
  const bAdmin = await callerAs(env, b.users.admin);
  const bSlug = { workspace: b.workspace.slug };
  await bAdmin.workspace.settings.update({
    ...bSlug,
    name: "Bravo",
    incidentCustomerThreshold: 7,
    incidentEventsPerMinuteThreshold: 70,
    eventRetentionDays: 21,
  });
  const bKey = await bAdmin.apiKeys.create({ ...bSlug, name: "B key", scopes: ["ingest"] });
  const bInvite = await bAdmin.workspace.invitations.create({
    ...bSlug,
    email: `${unique("b-invitee")}@example.com`,
    role: "viewer",
  });
  const bMembers = (await bAdmin.workspace.members.list(bSlug)).members;

  const alice: TestUser = await signUp(env.auth);
  const a = await createWorkspace(env.auth, alice, "Alpha");
  return { a, alice, b, bAdmin, bSlug, bKey, bInvite, bMembers };
}

async function snapshotOfB(s: Awaited<ReturnType<typeof setUp>>) {
  return {
    settings: await s.bAdmin.workspace.settings.get(s.bSlug),
    members: await s.bAdmin.workspace.members.list(s.bSlug),
    invitations: await s.bAdmin.workspace.invitations.list(s.bSlug),
    keys: await s.bAdmin.apiKeys.list(s.bSlug),
  };
}

describe("cross-workspace isolation", () => {
  it("an admin of A naming B's slug gets NOT_FOUND from every procedure", async () => {
    const s = await setUp();
    const before = await snapshotOfB(s);
    const alice = await callerAs(env, s.alice);
    const ws = s.bSlug;
    const memberId = s.bMembers[1].id;
    const attempts: [string, () => Promise<unknown>][] = [
      ["workspace.get", () => alice.workspace.get(ws)],
      ["settings.get", () => alice.workspace.settings.get(ws)],
      [
        "settings.update",
        () =>
          alice.workspace.settings.update({
            ...ws,
            name: "Hacked",
            incidentCustomerThreshold: 1,
            incidentEventsPerMinuteThreshold: 1,
            eventRetentionDays: 1,
          }),
      ],
      ["members.list", () => alice.workspace.members.list(ws)],
      [
        "members.changeRole",
        () => alice.workspace.members.changeRole({ ...ws, memberId, role: "admin" }),
      ],
      ["members.remove", () => alice.workspace.members.remove({ ...ws, memberId })],
      ["invitations.list", () => alice.workspace.invitations.list(ws)],
      [
        "invitations.create",
        () => alice.workspace.invitations.create({ ...ws, email: s.alice.email, role: "admin" }),
      ],
      [
        "invitations.revoke",
        () => alice.workspace.invitations.revoke({ ...ws, invitationId: s.bInvite.id }),
      ],
      ["apiKeys.list", () => alice.apiKeys.list(ws)],
      ["apiKeys.create", () => alice.apiKeys.create({ ...ws, name: "x", scopes: ["read"] })],
      ["apiKeys.revoke", () => alice.apiKeys.revoke({ ...ws, id: s.bKey.id })],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await snapshotOfB(s)).toEqual(before);
    expect(await findApiKey(env.db, s.bKey.key)).not.toBeNull();
    expect(await getWorkspaceSettings(env.db, s.b.workspace.id)).toMatchObject({
      incidentCustomerThreshold: 7,
    });
  });

  it("an admin of A passing B's ids with A's own slug finds nothing and changes nothing", async () => {
    const s = await setUp();
    const before = await snapshotOfB(s);
    const alice = await callerAs(env, s.alice);
    const ws = { workspace: s.a.slug };
    for (const m of s.bMembers) {
      await expect(
        alice.workspace.members.changeRole({ ...ws, memberId: m.id, role: "viewer" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(alice.workspace.members.remove({ ...ws, memberId: m.id })).rejects.toMatchObject(
        { code: "NOT_FOUND" },
      );
    }
    await expect(
      alice.workspace.invitations.revoke({ ...ws, invitationId: s.bInvite.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.apiKeys.revoke({ ...ws, id: s.bKey.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // A's own lists show nothing of B.
    expect(await alice.apiKeys.list(ws)).toEqual([]);
    expect(await alice.workspace.invitations.list(ws)).toEqual([]);
    expect((await alice.workspace.members.list(ws)).members.map((m) => m.email)).toEqual([
      s.alice.email,
    ]);
    expect(await alice.workspace.settings.get(ws)).toMatchObject({
      name: "Alpha",
      incidentCustomerThreshold: 25,
    });

    expect(await snapshotOfB(s)).toEqual(before);
    expect(await findApiKey(env.db, s.bKey.key)).not.toBeNull();
  });

  it("B's members of every role see B, but never A", async () => {
    const s = await setUp();
    for (const user of Object.values(s.b.users)) {
      const caller = await callerAs(env, user);
      expect((await caller.workspace.mine()).map((w) => w.slug)).toEqual([s.b.workspace.slug]);
      await expect(caller.workspace.members.list({ workspace: s.a.slug })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
  });
});
