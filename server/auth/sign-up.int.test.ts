/**
 * Sign-up says plainly when an email already has an account (people join by invitation and
 * need to hear "sign in instead"), so what limits using it to find out who has an account is
 * the sign-up rate limit: 20 attempts a minute per client address, counted in the database.
 * Requests carry the client address the app's entry point stamps on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type Auth } from "@/server/auth";
import { appUrl } from "@/server/env";
import { installClientAddressHeader } from "@/server/http/client-address";
import { createTestEnv, signUp, unique, type TestEnv } from "@/server/testing/fixtures";

// What the entry point does for the app's process, before anything reads the name.
const clientAddressHeader = installClientAddressHeader();

let env: TestEnv;
let auth: Auth;
beforeAll(async () => {
  env = await createTestEnv();
  auth = createAuth(env.db, { rateLimitStorage: "database" });
});
afterAll(() => env.close());

function signUpFrom(ip: string, email: string) {
  return auth.handler(
    new Request(`${appUrl()}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl(), [clientAddressHeader]: ip },
      body: JSON.stringify({ email, password: "correct-horse-battery", name: "Someone" }),
    }),
  );
}

describe("POST /api/auth/sign-up/email", () => {
  it("says an email has an account, 20 times a minute per address; the 21st attempt waits", async () => {
    const existing = await signUp(env.auth);
    const ip = "203.0.113.40";
    for (let i = 1; i <= 20; i++) {
      const res = await signUpFrom(ip, existing.email);
      expect(res.status, `attempt ${i}`).toBe(422);
      expect(await res.json()).toMatchObject({ code: "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" });
    }
    // Over the limit, nothing is said about any email, known or not.
    for (const email of [existing.email, `${unique("new")}@example.com`]) {
      const res = await signUpFrom(ip, email);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("x-retry-after"))).toBeGreaterThan(0);
    }
    // Another client is not affected.
    expect((await signUpFrom("198.51.100.40", `${unique("new")}@example.com`)).status).toBe(200);
  });
});
