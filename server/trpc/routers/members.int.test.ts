import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  callerAs,
  createTestEnv,
  signUp,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function roles(slug: string, as: Parameters<typeof callerAs>[1]) {
  const { members } = await (await callerAs(env, as)).workspace.members.list({ workspace: slug });
  return Object.fromEntries(members.map((m) => [m.email, m.role]));
}

describe("members", () => {
  it("lists members with name, email, role and join time to every member; only admins may manage", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    for (const role of ["admin", "commander", "responder", "viewer"] as const) {
      const list = await (
        await callerAs(env, users[role])
      ).workspace.members.list({
        workspace: workspace.slug,
      });
      expect(list.canManage).toBe(role === "admin");
      expect(list.members.map((m) => m.role)).toEqual([
        "admin",
        "commander",
        "responder",
        "viewer",
      ]);
      expect(list.members[0]).toMatchObject({ name: "Ada Admin", email: users.admin.email });
      expect(list.members[0].joinedAt).toBeInstanceOf(Date);
      expect(list.members.filter((m) => m.isYou).map((m) => m.email)).toEqual([users[role].email]);
    }
  });

  it("lets an admin change a member's role, and nobody else", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const { members } = await (
      await callerAs(env, users.admin)
    ).workspace.members.list({
      workspace: workspace.slug,
    });
    const viewerId = members.find((m) => m.email === users.viewer.email)!.id;

    for (const role of ["commander", "responder", "viewer"] as const) {
      const caller = await callerAs(env, users[role]);
      await expect(
        caller.workspace.members.changeRole({
          workspace: workspace.slug,
          memberId: viewerId,
          role: "admin",
        }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await roles(workspace.slug, users.admin))[users.viewer.email]).toBe("viewer");

    const admin = await callerAs(env, users.admin);
    await admin.workspace.members.changeRole({
      workspace: workspace.slug,
      memberId: viewerId,
      role: "commander",
    });
    expect((await roles(workspace.slug, users.admin))[users.viewer.email]).toBe("commander");
    // The promoted member now has commander access, e.g. to the settings.
    const promoted = await callerAs(env, users.viewer);
    await expect(
      promoted.workspace.settings.get({ workspace: workspace.slug }),
    ).resolves.toMatchObject({ canEdit: false });
  });

  it("lets an admin remove a member, who then loses access", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const { members } = await admin.workspace.members.list({ workspace: workspace.slug });
    const responder = members.find((m) => m.email === users.responder.email)!;

    const commander = await callerAs(env, users.commander);
    await expect(
      commander.workspace.members.remove({ workspace: workspace.slug, memberId: responder.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    await admin.workspace.members.remove({ workspace: workspace.slug, memberId: responder.id });
    expect(Object.keys(await roles(workspace.slug, users.admin))).not.toContain(
      users.responder.email,
    );
    const removed = await callerAs(env, users.responder);
    await expect(removed.workspace.get({ workspace: workspace.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      admin.workspace.members.remove({ workspace: workspace.slug, memberId: responder.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never lets the last admin be demoted or removed", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const { members } = await admin.workspace.members.list({ workspace: workspace.slug });
    const adminId = members.find((m) => m.email === users.admin.email)!.id;

    await expect(
      admin.workspace.members.changeRole({
        workspace: workspace.slug,
        memberId: adminId,
        role: "commander",
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("You cannot demote the last admin"),
    });
    await expect(
      admin.workspace.members.remove({ workspace: workspace.slug, memberId: adminId }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("You cannot remove the last admin"),
    });
    expect((await roles(workspace.slug, users.admin))[users.admin.email]).toBe("admin");

    // With a second admin, the first may step down.
    const second = await signUp(env.auth);
    await addMember(env.db, workspace, second, "admin");
    await admin.workspace.members.changeRole({
      workspace: workspace.slug,
      memberId: adminId,
      role: "viewer",
    });
    const now = await roles(workspace.slug, second);
    expect(now[users.admin.email]).toBe("viewer");
    expect(now[second.email]).toBe("admin");
  });

  it("keeps one admin when two admins demote each other at the same time", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const second = await signUp(env.auth);
    await addMember(env.db, workspace, second, "admin");
    const a = await callerAs(env, users.admin);
    const b = await callerAs(env, second);
    const { members } = await a.workspace.members.list({ workspace: workspace.slug });
    const idOf = (email: string) => members.find((m) => m.email === email)!.id;

    const results = await Promise.allSettled([
      a.workspace.members.changeRole({
        workspace: workspace.slug,
        memberId: idOf(second.email),
        role: "viewer",
      }),
      b.workspace.members.changeRole({
        workspace: workspace.slug,
        memberId: idOf(users.admin.email),
        role: "viewer",
      }),
    ]);
    const after = await env.db.query.member.findMany({
      where: (m, { eq }) => eq(m.organizationId, workspace.id),
    });
    expect(after.filter((m) => m.role === "admin")).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("rejects unknown roles", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const { members } = await admin.workspace.members.list({ workspace: workspace.slug });
    await expect(
      admin.workspace.members.changeRole({
        workspace: workspace.slug,
        memberId: members[1].id,
        role: "owner" as "admin",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
