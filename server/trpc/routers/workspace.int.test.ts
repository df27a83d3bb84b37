import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLUG_LOOKUP_LIMIT } from "@/server/workspaces/workspaces";
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

describe("slug lookups (whether a slug is taken) are limited per user", () => {
  const spent = {
    code: "TOO_MANY_REQUESTS",
    message: "Too many workspace URL checks. Try again in 10 minutes.",
  };

  it("answers 30 availability checks in 10 minutes, then TOO_MANY_REQUESTS", async () => {
    const owner = await signUp(env.auth);
    const taken = await createWorkspace(env.auth, owner);
    const prober = await callerAs(env, await signUp(env.auth));

    for (let i = 1; i <= SLUG_LOOKUP_LIMIT.max; i++) {
      const slug = i === 1 ? taken.slug : unique("probe");
      expect((await prober.workspace.slugAvailable({ slug })).available, `check ${i}`).toBe(
        i !== 1,
      );
    }
    await expect(prober.workspace.slugAvailable({ slug: taken.slug })).rejects.toMatchObject(spent);
    // Creating is a lookup too: a taken slug cannot be found out that way instead.
    await expect(
      prober.workspace.create({ name: "Probe", slug: taken.slug }),
    ).rejects.toMatchObject(spent);
    await expect(
      prober.workspace.create({ name: "Probe", slug: unique("free") }),
    ).rejects.toMatchObject(spent);
    expect(await prober.workspace.mine()).toEqual([]);
    // A malformed slug tells nothing, so it is still answered.
    expect((await prober.workspace.slugAvailable({ slug: "Has Spaces" })).available).toBe(false);

    // Someone else still has all of theirs.
    const other = await callerAs(env, await signUp(env.auth));
    expect(await other.workspace.slugAvailable({ slug: taken.slug })).toMatchObject({
      available: false,
    });
  });

  it("counts creating a workspace as a lookup", async () => {
    const user = await signUp(env.auth);
    const me = await callerAs(env, user);
    await me.workspace.create({ name: "Counted", slug: unique("counted") });
    for (let i = 2; i <= SLUG_LOOKUP_LIMIT.max; i++)
      await me.workspace.slugAvailable({ slug: unique("probe") });
    await expect(me.workspace.slugAvailable({ slug: unique("probe") })).rejects.toMatchObject(
      spent,
    );
  });
});
