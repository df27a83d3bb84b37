import { describe, expect, it } from "vitest";
import { FixedWindowRateLimiter } from "./rate-limit";

describe("FixedWindowRateLimiter", () => {
  it("allows `limit` requests per key per minute and says when to come back", () => {
    let now = 60_000 * 1000 + 15_000; // 15 s into a minute
    const limiter = new FixedWindowRateLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => limiter.consume("key-a").ok)).toEqual([true, true, true]);
    expect(limiter.consume("key-a")).toEqual({ ok: false, retryAfter: 45 });
    expect(limiter.consume("key-b").ok).toBe(true);

    now += 44_500;
    expect(limiter.consume("key-a")).toEqual({ ok: false, retryAfter: 1 });
    now += 500; // the next minute
    expect(limiter.consume("key-a")).toEqual({ ok: true, remaining: 2 });
  });
});
