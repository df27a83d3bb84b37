/** The fixed-window counter behind the slug-lookup budget. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, unique, type TestEnv } from "@/server/testing/fixtures";
import { countInWindow } from "./window-count";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe("countInWindow", () => {
  it("allows max requests per window, then says how long to wait, then starts over", async () => {
    const key = unique("test");
    const limit = { max: 3, windowSeconds: 60 };
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) expect(await countInWindow(env.db, key, limit, t0 + i)).toBeNull();
    expect(await countInWindow(env.db, key, limit, t0 + 20_000)).toBe(40);
    expect(await countInWindow(env.db, key, limit, t0 + 59_999)).toBe(1);
    // Another key has its own count.
    expect(await countInWindow(env.db, unique("test"), limit, t0 + 59_999)).toBeNull();
    // The window ended: a new one starts with this request.
    expect(await countInWindow(env.db, key, limit, t0 + 60_000)).toBeNull();
  });

  it("keeps a window longer than better-auth's through better-auth's pruning", async () => {
    const key = unique("test");
    const limit = { max: 2, windowSeconds: 600 };
    const now = Date.now();
    const started = now - 5 * 60_000;
    await countInWindow(env.db, key, limit, started);
    await countInWindow(env.db, key, limit, started + 1);
    // What better-auth runs when one of its one-minute windows rolls over.
    await env.db.execute(sql`delete from rate_limit where last_request < ${now - 60_000}`);
    expect(await countInWindow(env.db, key, limit, now)).toBe(300);
  });
});
