/**
 * Sign-in attempts are rate-limited per client IP: 10 a minute, the 11th gets 429 with the
 * seconds to wait; and per account, whatever the IP (30 per 15 minutes by default). Requests go through better-auth's HTTP handler exactly as the browser's
 * do, with the X-Forwarded-For header that `next start` sets from the socket's address.
 * Counters live in the database (the app's setting), so several app instances share them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type Auth } from "@/server/auth";
import { appUrl } from "@/server/env";
import { createTestEnv, signUp, type TestEnv } from "@/server/testing/fixtures";

let env: TestEnv;
let auth: Auth;
beforeAll(async () => {
  env = await createTestEnv();
  auth = createAuth(env.db, { rateLimitStorage: "database" });
});
afterAll(() => env.close());

function signIn(ip: string, email: string, password: string, via: Auth = auth) {
  return via.handler(
    new Request(`${appUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: appUrl(),
        "x-forwarded-for": ip,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("sign-in rate limit", () => {
  it("answers the 11th attempt in a minute from one IP with 429 and a retry time", async () => {
    const user = await signUp(env.auth);
    const ip = "203.0.113.7";
    for (let i = 1; i <= 10; i++) {
      const res = await signIn(ip, user.email, "wrong-password");
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const blocked = await signIn(ip, user.email, "wrong-password");
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("x-retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Even the right password waits now: the limit is on attempts, not on failures.
    expect((await signIn(ip, user.email, user.password)).status).toBe(429);
    // Another client is not affected.
    expect((await signIn("198.51.100.23", user.email, user.password)).status).toBe(200);
  });

  it("keeps IPv6 clients apart by their /64 and maps IPv4-in-IPv6 to IPv4", async () => {
    const user = await signUp(env.auth);
    for (let i = 0; i < 10; i++) await signIn("::ffff:192.0.2.50", user.email, "nope-nope");
    expect((await signIn("192.0.2.50", user.email, "nope-nope")).status).toBe(429);
    expect((await signIn("2001:db8:1::1", user.email, user.password)).status).toBe(200);
  });

  it("limits attempts per account even when every attempt claims another IP", async () => {
    const strict = createAuth(env.db, {
      rateLimitStorage: "database",
      accountLimit: { max: 3, windowSeconds: 900 },
    });
    const user = await signUp(env.auth);
    const other = await signUp(env.auth);
    for (let i = 1; i <= 3; i++) {
      const res = await signIn(`198.18.0.${i}`, user.email, "guess-" + i, strict);
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const blocked = await signIn("198.18.0.99", user.email.toUpperCase(), user.password, strict);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({
      message: "Too many sign-in attempts for this account. Try again in 15 minutes.",
    });
    expect(Number(blocked.headers.get("x-retry-after"))).toBeGreaterThan(800);
    // Another account signs in from the same addresses.
    expect((await signIn("198.18.0.1", other.email, other.password, strict)).status).toBe(200);
  });
});
