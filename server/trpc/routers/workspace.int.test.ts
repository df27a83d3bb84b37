import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
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
  });
});
