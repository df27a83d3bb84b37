/**
 * Client addresses through the app's entry point over real sockets, into the real handlers
 * on a real database: better-auth records and limits the address the entry point worked out,
 * never one a client wrote in X-Forwarded-For, and the /api/v1 failed-key limiter cannot be
 * steered onto someone else's address. Clients at different addresses are loopback
 * addresses (127.0.0.0/8); "the proxy" is a client at 127.0.0.1 when TRUSTED_PROXIES names it.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiHandler, FixedWindowRateLimiter } from "@/server/api";
import { appUrl } from "@/server/env";
import { handleEvents } from "@/server/ingest/handler";
import { queryRows } from "@/server/ingest/sql";
import { makeEvent, workspaceWithKeys } from "@/server/ingest/test-helpers";
import { createTestEnv, signUp, type TestEnv, type TestUser } from "@/server/testing/fixtures";
import { sendFrom, serveThroughEntryPoint, type RunningServer } from "@/server/testing/entry";
import { createAuth, type Auth } from "@/server/auth";
import { parseTrustedProxies, type TrustedProxies } from "./client-address";
import { createEntryServer } from "./entry-server";

// The entry point exists before the app's better-auth instance is built, as in the app.
createEntryServer(() => {}, []);

let env: TestEnv;
let auth: Auth;
beforeAll(async () => {
  env = await createTestEnv();
  auth = createAuth(env.db, { rateLimitStorage: "database" });
});
afterAll(() => env.close());

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function trusted(list: string): TrustedProxies {
  const parsed = parseTrustedProxies(list);
  if (!parsed.ok) throw new Error("bad list");
  return parsed.proxies;
}

function signInFrom(from: string, user: TestUser, password: string, forwardedFor?: string) {
  const body = JSON.stringify({ email: user.email, password });
  return sendFrom(from, `${server!.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: appUrl(),
      ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
    },
    body,
  });
}

async function sessionAddresses(user: TestUser): Promise<string[]> {
  const rows = await queryRows<{ ip_address: string }>(
    env.db,
    sql`select ip_address from session where user_id = ${user.id} order by created_at`,
  );
  return rows.map((r) => r.ip_address);
}

describe("better-auth behind the entry point", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    server = await serveThroughEntryPoint((req) => auth.handler(req), trusted(""));
    const user = await signUp(env.auth);
    const res = await signInFrom("127.0.0.21", user, user.password, "203.0.113.50");
    expect(res.status).toBe(200);
    expect((await sessionAddresses(user)).at(-1)).toBe("127.0.0.21");

    // Ten attempts from one socket address, each claiming another address, are ten from one
    // address: the 11th is refused (spread over two accounts, under their own delays).
    const [a, b, c] = [await signUp(env.auth), await signUp(env.auth), await signUp(env.auth)];
    for (let i = 1; i <= 10; i++) {
      const guess = await signInFrom(
        "127.0.0.22",
        i % 2 ? a : b,
        "wrong-password",
        `198.51.100.${i}`,
      );
      expect(guess.status, `attempt ${i}`).toBe(401);
    }
    const blocked = await signInFrom("127.0.0.22", c, c.password, "198.51.100.99");
    expect(blocked.status).toBe(429);
    // Another address is not affected.
    expect((await signInFrom("127.0.0.23", c, c.password)).status).toBe(200);
  });

  it("behind a trusted proxy, takes the hop the proxy appended, not what the client wrote", async () => {
    server = await serveThroughEntryPoint((req) => auth.handler(req), trusted("127.0.0.1"));
    const user = await signUp(env.auth);
    // The client claimed 198.51.100.1; the proxy (127.0.0.1) appended the address it saw.
    const res = await signInFrom("127.0.0.1", user, user.password, "198.51.100.1, 203.0.113.60");
    expect(res.status).toBe(200);
    expect((await sessionAddresses(user)).at(-1)).toBe("203.0.113.60");
    // The same header from a peer that is not the proxy is not believed.
    await signInFrom("127.0.0.24", user, user.password, "198.51.100.1, 203.0.113.60");
    expect((await sessionAddresses(user)).at(-1)).toBe("127.0.0.24");
  });
});

describe("the /api/v1 failed-key limiter behind the entry point", () => {
  it("counts a guesser's failures at its own address, whatever it claims", async () => {
    const ws = await workspaceWithKeys(env);
    const guarded = apiHandler("ingest", handleEvents, {
      failedAuthLimiter: new FixedWindowRateLimiter(3),
    });
    server = await serveThroughEntryPoint((req) => guarded(env.db, req), trusted("127.0.0.1"));
    const post = (from: string, key: string, forwardedFor?: string) =>
      sendFrom(from, `${server!.url}/api/v1/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${key}`,
          ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
        },
        body: JSON.stringify({ events: [makeEvent()] }),
      });

    const victim = "127.0.0.31";
    // Straight to the app, claiming to be the victim.
    for (const key of ["br_guess1", "br_guess2", "br_guess3"]) {
      expect((await post("127.0.0.32", key, victim)).status).toBe(401);
    }
    // Through the trusted proxy, which appends the guesser's real address to its claim.
    for (const key of ["br_guess4", "br_guess5", "br_guess6"]) {
      expect((await post("127.0.0.1", key, `${victim}, 198.51.100.77`)).status).toBe(401);
    }
    // The victim's valid key works, directly and through the proxy…
    expect((await post(victim, ws.ingestKey)).status).toBe(202);
    expect((await post("127.0.0.1", ws.ingestKey, "203.0.113.31")).status).toBe(202);
    // …while both addresses the guesser really used wait, even with a valid key.
    expect((await post("127.0.0.32", ws.ingestKey)).status).toBe(429);
    expect((await post("127.0.0.1", ws.ingestKey, "198.51.100.77")).status).toBe(429);
  });
});
