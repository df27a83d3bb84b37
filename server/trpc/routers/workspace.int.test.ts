import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  unique,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe("workspace router", () => {
  it("lists only the caller's own workspaces and hides others", async () => {
    const alice = await signUp(env.auth);
    const bob = await signUp(env.auth);
    const a = await createWorkspace(env.auth, alice, "Alice Co");
    const b = await createWorkspace(env.auth, bob, "Bob Co");

    const asAlice = await callerAs(env, alice);
    expect((await asAlice.workspace.mine()).map((w) => w.slug)).toEqual([a.slug]);
    expect(await asAlice.workspace.get({ workspace: a.slug })).toMatchObject({
      name: "Alice Co",
      role: "admin",
    });
    await expect(asAlice.workspace.get({ workspace: b.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("rejects anonymous callers", async () => {
    const anon = await callerAs(env, null);
    await expect(anon.workspace.mine()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(
      anon.workspace.create({ name: "Nope", slug: unique("nope") }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anon.workspace.slugAvailable({ slug: "anything" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("creating a workspace (onboarding)", () => {
  it("creates the workspace with the caller as its only admin", async () => {
    const user = await signUp(env.auth, { name: "Olga Onboard" });
    const me = await callerAs(env, user);
    const slug = unique("acme");
    const created = await me.workspace.create({ name: "  Acme Payments ", slug });
    expect(created).toMatchObject({ name: "Acme Payments", slug });

    expect(await me.workspace.mine()).toEqual([
      { id: created.id, slug, name: "Acme Payments", role: "admin" },
    ]);
    const { members } = await me.workspace.members.list({ workspace: slug });
    expect(members.map((m) => [m.name, m.role])).toEqual([["Olga Onboard", "admin"]]);
  });

  it("tells whether a slug is free, taken or malformed", async () => {
    const owner = await signUp(env.auth);
    const taken = await createWorkspace(env.auth, owner);
    const me = await callerAs(env, await signUp(env.auth));

    expect(await me.workspace.slugAvailable({ slug: unique("free") })).toEqual({
      available: true,
      reason: null,
    });
    expect(await me.workspace.slugAvailable({ slug: taken.slug })).toEqual({
      available: false,
      reason: `/w/${taken.slug} is already taken.`,
    });
    const bad = await me.workspace.slugAvailable({ slug: "Has Spaces" });
    expect(bad.available).toBe(false);
    expect(bad.reason).toMatch(/lowercase letters, digits and single hyphens/);
    expect((await me.workspace.slugAvailable({ slug: "ab" })).reason).toMatch(/at least 3/);
  });

  it("refuses a slug that is taken or malformed and creates nothing", async () => {
    const owner = await signUp(env.auth);
    const taken = await createWorkspace(env.auth, owner, "First");
    const user = await signUp(env.auth);
    const me = await callerAs(env, user);

    await expect(me.workspace.create({ name: "Second", slug: taken.slug })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `The URL /w/${taken.slug} is already taken. Choose another.`,
    });
    await expect(me.workspace.create({ name: "Third", slug: "-bad-" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(me.workspace.create({ name: "x", slug: unique("ok") })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Name must be at least 2 characters"),
    });
    expect(await me.workspace.mine()).toEqual([]);
    // The taken workspace still belongs to its owner alone, under its own name.
    const asOwner = await callerAs(env, owner);
    expect(await asOwner.workspace.get({ workspace: taken.slug })).toMatchObject({
      name: "First",
    });
  });
});
