/**
 * Sign-in attempts are rate-limited per client address by better-auth: 10 a minute, the 11th
 * gets 429 with the seconds to wait. Requests go through better-auth's HTTP handler exactly as
 * the browser's do, with the client address the app's entry point stamps on every request
 * (server/http/client-address.ts). Counters live in the database (the app's setting), so
 * several app instances share them. Failed sign-ins per account: sign-in-protection.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type Auth } from "@/server/auth";
import { appUrl } from "@/server/env";
import { installClientAddressHeader } from "@/server/http/client-address";
import { createTestEnv, signUp, type TestEnv } from "@/server/testing/fixtures";

// What the entry point does for the app's process, before anything reads the name.
const clientAddressHeader = installClientAddressHeader();

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
        [clientAddressHeader]: ip,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

// Ten failures spread over two accounts stay under the per-account-and-address delays
// (5 free each), so a 429 for a third account can only come from the per-address limit.
async function tenFailures(ip: string, a: string, b: string) {
  for (let i = 1; i <= 10; i++) {
    const res = await signIn(ip, i % 2 ? a : b, "wrong-password");
    expect(res.status, `attempt ${i}`).toBe(401);
  }
}

describe("sign-in rate limit", () => {
  it("answers the 11th attempt in a minute from one IP with 429 and a retry time", async () => {
    const [a, b, user] = [await signUp(env.auth), await signUp(env.auth), await signUp(env.auth)];
    const ip = "203.0.113.7";
    await tenFailures(ip, a.email, b.email);
    const blocked = await signIn(ip, user.email, "wrong-password");
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({
      message: "Too many requests. Please try again later.",
    });
    const retryAfter = Number(blocked.headers.get("x-retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Even the right password waits now: the limit is on attempts, not on failures.
    expect((await signIn(ip, user.email, user.password)).status).toBe(429);
    // Another client is not affected.
    expect((await signIn("198.51.100.23", user.email, user.password)).status).toBe(200);
  });

  it("keeps IPv6 clients apart by their /64 and maps IPv4-in-IPv6 to IPv4", async () => {
    const [a, b, user] = [await signUp(env.auth), await signUp(env.auth), await signUp(env.auth)];
    await tenFailures("::ffff:192.0.2.50", a.email, b.email);
    expect((await signIn("192.0.2.50", user.email, "nope-nope")).status).toBe(429);
    expect((await signIn("2001:db8:1::1", user.email, user.password)).status).toBe(200);
  });
});
