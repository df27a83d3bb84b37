/**
 * Sign-in protection (account-limit.ts) through better-auth's HTTP handler on a real database:
 * failed sign-ins slow down the address that makes them, and past 20 failures on an account,
 * browsers and addresses new to it; the owner's known browser or address always gets through.
 * Requests carry the client address the way the app's entry point stamps it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type Auth } from "@/server/auth";
import { appUrl } from "@/server/env";
import { installClientAddressHeader } from "@/server/http/client-address";
import { queryRows } from "@/server/ingest/sql";
import { createTestEnv, signUp, type TestEnv } from "@/server/testing/fixtures";
import { DEFAULT_SIGN_IN_POLICY } from "./account-limit";

const clientAddressHeader = installClientAddressHeader();

let env: TestEnv;
let auth: Auth;
beforeAll(async () => {
  env = await createTestEnv();
  auth = createAuth(env.db, { rateLimitStorage: "memory" });
});
afterAll(() => env.close());

function signIn(
  ip: string,
  email: string,
  password: string,
  opts: { cookie?: string; via?: Auth } = {},
) {
  return (opts.via ?? auth).handler(
    new Request(`${appUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: appUrl(),
        [clientAddressHeader]: ip,
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The known-device cookie a successful sign-in set, as the browser sends it back. */
function knownDeviceCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.known_device="));
  if (!cookie) throw new Error("no known-device cookie");
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/Path=\/api\/auth/);
  return cookie.split(";")[0];
}

async function expectWait(res: Response, maxSeconds: number) {
  expect(res.status).toBe(429);
  const wait = Number(res.headers.get("x-retry-after"));
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(maxSeconds);
  expect((await res.json()).message).toMatch(
    /^Too many failed sign-ins for this account\. Try again in \d+ (seconds|minutes?)\.$/,
  );
  return wait;
}

describe("sign-in protection", () => {
  it("lets the owner's known browser and address in after 40 wrong passwords from everywhere", async () => {
    const owner = await signUp(env.auth);
    const home = "192.0.2.10";
    const first = await signIn(home, owner.email, owner.password);
    expect(first.status).toBe(200);
    const cookie = knownDeviceCookie(first);

    // 40 guesses, each from another address: 20 are tried, then addresses new to the account wait.
    const statuses: number[] = [];
    for (let i = 1; i <= 40; i++) {
      statuses.push((await signIn(`198.18.${i}.1`, owner.email, `guess-${i}`)).status);
    }
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(20).fill(429)]);
    await expectWait(await signIn("198.18.99.1", owner.email, "guess-99"), 30);

    // The owner is not locked out: from the address they signed in from before…
    expect((await signIn(home, owner.email, owner.password)).status).toBe(200);
    // …and from anywhere with the browser that signed in before (email in another case).
    const travelling = await signIn("203.0.113.200", owner.email.toUpperCase(), owner.password, {
      cookie,
    });
    expect(travelling.status).toBe(200);
    // A new browser at a new address waits even with the right password; a wrong one does too.
    await expectWait(await signIn("203.0.113.201", owner.email, owner.password), 30);
    // Another account is untouched.
    const other = await signUp(env.auth);
    expect((await signIn("198.18.1.1", other.email, other.password)).status).toBe(200);
  });

  it("makes one address guessing one account wait longer after each failure", async () => {
    // Short delays, room for more than better-auth's 10 attempts a minute per address, and a
    // clock the test steps, so a slow machine cannot let a delay run out between two calls.
    let now = Date.now();
    const quick = createAuth(env.db, {
      rateLimitStorage: "memory",
      signInPerMinute: 100,
      signInPolicy: { ...DEFAULT_SIGN_IN_POLICY, firstDelaySeconds: 1 },
      clock: () => now,
    });
    const owner = await signUp(env.auth);
    const guesser = "203.0.113.77";
    for (let i = 1; i <= 5; i++) {
      expect((await signIn(guesser, owner.email, `guess-${i}`, { via: quick })).status).toBe(401);
    }
    // After 5 failures: 1 s, then 2 s — even for the right password from that address.
    expect(await expectWait(await signIn(guesser, owner.email, "guess-6", { via: quick }), 1)).toBe(
      1,
    );
    await expectWait(await signIn(guesser, owner.email, owner.password, { via: quick }), 1);
    // The owner elsewhere is not slowed down.
    expect((await signIn("192.0.2.20", owner.email, owner.password, { via: quick })).status).toBe(
      200,
    );

    now += 1_100;
    expect((await signIn(guesser, owner.email, "guess-6", { via: quick })).status).toBe(401);
    expect(await expectWait(await signIn(guesser, owner.email, "guess-7", { via: quick }), 2)).toBe(
      2,
    );

    // A right password from that address, once it may try, clears its failures.
    now += 2_100;
    expect((await signIn(guesser, owner.email, owner.password, { via: quick })).status).toBe(200);
    for (let i = 1; i <= 5; i++) {
      expect((await signIn(guesser, owner.email, `again-${i}`, { via: quick })).status).toBe(401);
    }
  });

  it("lets no more than 20 of 30 parallel guesses from 30 addresses through", async () => {
    const owner = await signUp(env.auth);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(`198.19.${i}.1`, owner.email, `guess-${i}`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(10).fill(429)]);
  });

  it("counts only failures: a right password gives its attempt back", async () => {
    const owner = await signUp(env.auth);
    const office = "192.0.2.30";
    for (let i = 0; i < 10; i++) {
      expect((await signIn(office, owner.email, owner.password)).status).toBe(200);
    }
    const rows = await queryRows<{ key: string; count: number }>(
      env.db,
      sql`select key, count from rate_limit where key like ${`sign-in:${owner.email}%`}`,
    );
    expect(rows).toEqual([{ key: `sign-in:${owner.email}`, count: 0 }]);
  });
});
