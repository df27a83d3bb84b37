/** Invite by link, end to end through better-auth: invite → preview → sign up → accept. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerAs,
  createTestEnv,
  signUp,
  unique,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const newEmail = () => `${unique("invitee")}@example.com`;

describe("invitations", () => {
  it("takes a new person from link to member with the invited role", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const email = newEmail();
    const invite = await admin.workspace.invitations.create({
      workspace: workspace.slug,
      email: email.toUpperCase(),
      role: "responder",
    });
    expect(invite).toMatchObject({ email, role: "responder", path: `/invite/${invite.id}` });
    expect(invite.id.length).toBeGreaterThanOrEqual(20);

    const pending = await admin.workspace.invitations.list({ workspace: workspace.slug });
    expect(pending.map((i) => [i.email, i.role, i.invitedBy])).toEqual([
      [email, "responder", "Ada Admin"],
    ]);

    // The invite page, before anyone signs in.
    const anon = await callerAs(env, null);
    expect(await anon.workspace.invitations.preview({ invitationId: invite.id })).toMatchObject({
      email,
      role: "responder",
      state: "pending",
      workspace: { name: workspace.name, slug: workspace.slug },
      invitedBy: "Ada Admin",
    });

    const invitee = await signUp(env.auth, { email, name: "Ivy Invitee" });
    const me = await callerAs(env, invitee);
    expect(await me.workspace.mine()).toEqual([]);
    expect(await me.workspace.invitations.accept({ invitationId: invite.id })).toEqual({
      name: workspace.name,
      slug: workspace.slug,
    });

    expect(await me.workspace.mine()).toMatchObject([{ slug: workspace.slug, role: "responder" }]);
    const { members } = await admin.workspace.members.list({ workspace: workspace.slug });
    expect(members.find((m) => m.email === email)).toMatchObject({
      name: "Ivy Invitee",
      role: "responder",
    });
    expect(await admin.workspace.invitations.list({ workspace: workspace.slug })).toEqual([]);
    expect(await anon.workspace.invitations.preview({ invitationId: invite.id })).toMatchObject({
      state: "accepted",
    });
    // A used link cannot be used again.
    await expect(
      me.workspace.invitations.accept({ invitationId: invite.id }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("no longer valid"),
    });
  });

  it("lets someone who already has an account accept, but only with the invited email", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const existing = await signUp(env.auth, { name: "Existing Eve" });
    const invite = await admin.workspace.invitations.create({
      workspace: workspace.slug,
      email: existing.email,
      role: "commander",
    });

    const stranger = await callerAs(env, await signUp(env.auth));
    await expect(
      stranger.workspace.invitations.accept({ invitationId: invite.id }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("sent to a different email"),
    });
    expect(await stranger.workspace.mine()).toEqual([]);

    const eve = await callerAs(env, existing);
    await eve.workspace.invitations.accept({ invitationId: invite.id });
    expect(await eve.workspace.get({ workspace: workspace.slug })).toMatchObject({
      role: "commander",
    });
  });

  it("revoking a pending invitation makes its link useless", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const email = newEmail();
    const invite = await admin.workspace.invitations.create({
      workspace: workspace.slug,
      email,
      role: "viewer",
    });
    await admin.workspace.invitations.revoke({
      workspace: workspace.slug,
      invitationId: invite.id,
    });
    expect(await admin.workspace.invitations.list({ workspace: workspace.slug })).toEqual([]);

    const anon = await callerAs(env, null);
    expect(await anon.workspace.invitations.preview({ invitationId: invite.id })).toMatchObject({
      state: "canceled",
    });
    const invitee = await callerAs(env, await signUp(env.auth, { email }));
    await expect(
      invitee.workspace.invitations.accept({ invitationId: invite.id }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await invitee.workspace.mine()).toEqual([]);
    await expect(
      admin.workspace.invitations.revoke({ workspace: workspace.slug, invitationId: invite.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("inviting the same email again replaces the pending invitation", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const email = newEmail();
    const ws = { workspace: workspace.slug };
    const first = await admin.workspace.invitations.create({ ...ws, email, role: "viewer" });
    const second = await admin.workspace.invitations.create({ ...ws, email, role: "commander" });
    expect(second.id).not.toEqual(first.id);
    expect(
      (await admin.workspace.invitations.list(ws)).map((i) => [i.id, i.email, i.role]),
    ).toEqual([[second.id, email, "commander"]]);
    const anon = await callerAs(env, null);
    expect(await anon.workspace.invitations.preview({ invitationId: first.id })).toMatchObject({
      state: "canceled",
    });
  });

  it("refuses to invite a current member or a malformed email", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const ws = { workspace: workspace.slug };
    await expect(
      admin.workspace.invitations.create({ ...ws, email: users.viewer.email, role: "admin" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "This person is already a member of the workspace.",
    });
    await expect(
      admin.workspace.invitations.create({ ...ws, email: "not-an-email", role: "viewer" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("valid email"),
    });
    expect(await admin.workspace.invitations.list(ws)).toEqual([]);
  });

  it("lets only admins list, create and revoke invitations", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const ws = { workspace: workspace.slug };
    const invite = await admin.workspace.invitations.create({
      ...ws,
      email: newEmail(),
      role: "viewer",
    });
    for (const role of ["commander", "responder", "viewer"] as const) {
      const caller = await callerAs(env, users[role]);
      await expect(caller.workspace.invitations.list(ws)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        caller.workspace.invitations.create({ ...ws, email: newEmail(), role: "admin" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.workspace.invitations.revoke({ ...ws, invitationId: invite.id }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await admin.workspace.invitations.list(ws)).map((i) => i.id)).toEqual([invite.id]);
  });

  it("answers unknown invitation ids with not found, and accepting needs a session", async () => {
    const anon = await callerAs(env, null);
    await expect(
      anon.workspace.invitations.preview({ invitationId: "does-not-exist" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      anon.workspace.invitations.accept({ invitationId: "does-not-exist" }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
