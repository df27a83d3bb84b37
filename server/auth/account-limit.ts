/**
 * Sign-in protection: password guessing is slowed down, and nobody gets a switch that locks
 * someone else out of their account. Failed sign-ins (wrong email or password) are counted
 * per (account, client address) and per account; attempts are never counted as such.
 *
 *   - One address, one account: 5 failures are free. After that the address waits before each
 *     further attempt for that account: 30 s after the 5th failure, doubling with each failure
 *     (1 min, 2 min, …) up to 15 minutes. A successful sign-in from the address clears it.
 *   - One account, every address: past 20 failures, browsers and addresses that never signed
 *     in to the account wait the same way (30 s after the 20th failure, doubling up to 15
 *     minutes), so a guesser with many addresses gets about 4 guesses an hour. A browser with
 *     the account's known-device cookie, or an address that has a session of the account, goes
 *     straight to the password check: strangers cannot keep the owner out.
 *   - A counter is forgotten 24 hours after its last failure.
 *
 * The client address is `clientAddress` (server/http/client-address.ts), IPv6 by /64; a browser
 * is known by a cookie set on every successful sign-in or sign-up: an HMAC of the email under
 * BETTER_AUTH_SECRET (up to 5 accounts per browser), httpOnly, sent to /api/auth only.
 *
 * Counters live in better-auth's rate_limit table, so every app instance sees them. There
 * `last_request` holds the time the counter is forgotten, not its last failure: better-auth
 * deletes rows whose last_request is older than its longest window (one minute), which keeps
 * ours for 24 hours and removes them afterwards. Each attempt that is let through is counted
 * as a failure at once, in the transaction that checked the counters (rows locked in key
 * order), and given back when the password was right; so a burst of parallel attempts cannot
 * all pass while the counters are below the limits.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { Db, DbOrTx } from "@/db/client";
import { addressBucket, clientAddress } from "@/server/http/client-address";
import { queryRows } from "@/server/ingest/sql";

export interface SignInPolicy {
  /** Failures one address may make for one account before it waits. */
  freeFailuresPerAddress: number;
  /** Failures for one account, from anywhere, before browsers and addresses new to it wait. */
  freeFailuresPerAccount: number;
  /** The first wait; each further failure doubles it. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** A counter is forgotten this long after its last failure. */
  forgetAfterSeconds: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  freeFailuresPerAddress: 5,
  freeFailuresPerAccount: 20,
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
  forgetAfterSeconds: 24 * 60 * 60,
};

// 1. The rule -------------------------------------------------------------------------------

export interface Failures {
  count: number;
  /** When the last one happened (ms since the epoch). */
  lastAt: number;
}

/** Milliseconds until the next attempt may go ahead under one counter (0: now). */
export function delayAfter(
  failures: Failures,
  free: number,
  policy: SignInPolicy,
  now: number,
): number {
  if (failures.count < free) return 0;
  const delaySeconds = Math.min(
    policy.maxDelaySeconds,
    policy.firstDelaySeconds * 2 ** (failures.count - free),
  );
  return Math.max(0, failures.lastAt + delaySeconds * 1000 - now);
}

/**
 * Milliseconds this attempt must wait (0: it may go ahead). `known` says whether the browser or
 * address signed in to the account before; it is asked only when the account is over its limit.
 */
export async function signInWait(
  policy: SignInPolicy,
  failures: { address: Failures; account: Failures },
  known: () => Promise<boolean>,
  now: number,
): Promise<number> {
  const address = delayAfter(failures.address, policy.freeFailuresPerAddress, policy, now);
  if (address > 0) return address;
  const account = delayAfter(failures.account, policy.freeFailuresPerAccount, policy, now);
  return account > 0 && !(await known()) ? account : 0;
}

// 2. The counters ---------------------------------------------------------------------------

interface CounterKeys {
  account: string;
  address: string;
}

function counterKeys(email: string, bucket: string): CounterKeys {
  return { account: `sign-in:${email}`, address: `sign-in:${email}|${bucket}` };
}

/**
 * Checks both counters and, when the attempt may go ahead, counts it as a failure; returns the
 * milliseconds to wait otherwise (and counts nothing).
 */
async function admitAttempt(
  db: Db,
  keys: CounterKeys,
  policy: SignInPolicy,
  known: (tx: DbOrTx) => Promise<boolean>,
  now: number,
): Promise<number> {
  const forgetMs = policy.forgetAfterSeconds * 1000;
  const [first, second] = [keys.account, keys.address].sort();
  return db.transaction(async (tx) => {
    // Creating missing rows first makes parallel first attempts queue on the unique key.
    await tx.execute(sql`
      insert into rate_limit (id, key, count, last_request)
      values (gen_random_uuid()::text, ${first}, 0, 0), (gen_random_uuid()::text, ${second}, 0, 0)
      on conflict (key) do nothing`);
    const rows = await queryRows<{ key: string; count: number; last_request: string | number }>(
      tx,
      sql`select key, count, last_request from rate_limit
          where key in (${first}, ${second}) order by key for update`,
    );
    const failures = (key: string): Failures => {
      const row = rows.find((r) => r.key === key);
      const forgetAt = Number(row?.last_request ?? 0);
      return forgetAt <= now
        ? { count: 0, lastAt: 0 }
        : { count: Number(row!.count), lastAt: forgetAt - forgetMs };
    };
    const wait = await signInWait(
      policy,
      { address: failures(keys.address), account: failures(keys.account) },
      () => known(tx),
      now,
    );
    if (wait > 0) return wait;
    await tx.execute(sql`
      insert into rate_limit (id, key, count, last_request)
      values (gen_random_uuid()::text, ${first}, 1, ${now + forgetMs}),
             (gen_random_uuid()::text, ${second}, 1, ${now + forgetMs})
      on conflict (key) do update set
        count = case when rate_limit.last_request <= ${now} then 1 else rate_limit.count + 1 end,
        last_request = excluded.last_request`);
    return 0;
  });
}

/** Gives back the failure an attempt was counted as; a right password also clears its address. */
async function giveBack(db: Db, keys: CounterKeys, signedIn: boolean) {
  await db.execute(
    sql`update rate_limit set count = greatest(count - 1, 0) where key = ${keys.account}`,
  );
  await db.execute(
    signedIn
      ? sql`delete from rate_limit where key = ${keys.address}`
      : sql`update rate_limit set count = greatest(count - 1, 0) where key = ${keys.address}`,
  );
}

// 3. Known browsers and addresses -----------------------------------------------------------

const KNOWN_DEVICE_COOKIE = "known_device";
const KNOWN_DEVICE_ACCOUNTS = 5;

/** The account's tag in the known-device cookie: an HMAC of the email, 128 bits. */
function knownDeviceTag(secret: string, email: string): string {
  return createHmac("sha256", secret)
    .update(`known-device:${email}`)
    .digest("base64url")
    .slice(0, 22);
}

function hasTag(cookie: string | null, tag: string): boolean {
  const wanted = Buffer.from(tag);
  return (cookie ?? "").split(".").some((t) => {
    const given = Buffer.from(t);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  });
}

/** Whether the account has a session that was started from this address (or its /64). */
async function signedInFromAddress(db: DbOrTx, email: string, address: string | null) {
  if (!address) return false;
  const sessions = await queryRows<{ ip_address: string }>(
    db,
    sql`select s.ip_address from session s join "user" u on u.id = s.user_id
        where u.email = ${email} and s.ip_address is not null
        order by s.created_at desc limit 100`,
  );
  const bucket = addressBucket(address);
  return sessions.some((s) => addressBucket(s.ip_address) === bucket);
}

// 4. The hooks ------------------------------------------------------------------------------

/** The normalised email of a sign-in request, or null when there is none worth counting. */
function signInEmail(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  if (typeof email !== "string" || email.length === 0 || email.length > 320) return null;
  return email.trim().toLowerCase();
}

function tooManyFailures(waitMs: number): APIError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  const when = seconds < 60 ? `${seconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return new APIError(
    "TOO_MANY_REQUESTS",
    { message: `Too many failed sign-ins for this account. Try again in ${when}.` },
    { "X-Retry-After": String(seconds) },
  );
}

/** better-auth's before and after hooks that apply the policy to /sign-in/email. */
export function signInProtection(
  db: Db,
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  /** What time it is, in ms since the epoch; tests pass their own to step through the delays. */
  clock: () => number = Date.now,
) {
  const before = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const email = signInEmail(ctx.body);
    if (!email) return;
    const address = clientAddress(ctx.request ?? ctx.headers ?? new Headers());
    const cookie = ctx.context.createAuthCookie(KNOWN_DEVICE_COOKIE);
    const knownDevice = hasTag(
      ctx.getCookie(cookie.name),
      knownDeviceTag(ctx.context.secret, email),
    );
    const wait = await admitAttempt(
      db,
      counterKeys(email, addressBucket(address)),
      policy,
      async (tx) => knownDevice || (await signedInFromAddress(tx, email, address)),
      clock(),
    );
    if (wait > 0) throw tooManyFailures(wait);
  });

  const after = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email" && ctx.path !== "/sign-up/email") return;
    const returned = ctx.context.returned;
    const user = isAPIError(returned) ? null : (returned as { user?: { email?: string } })?.user;
    if (ctx.path === "/sign-in/email") {
      const email = signInEmail(ctx.body);
      // A 401 is a failed sign-in: it stays counted. Anything else was not a wrong password.
      if (email && !(isAPIError(returned) && returned.statusCode === 401)) {
        const address = clientAddress(ctx.request ?? ctx.headers ?? new Headers());
        await giveBack(db, counterKeys(email, addressBucket(address)), Boolean(user));
      }
    }
    if (user?.email) {
      // This browser now knows the account: add its tag, newest first.
      const cookie = ctx.context.createAuthCookie(KNOWN_DEVICE_COOKIE, {
        maxAge: 400 * 24 * 60 * 60,
        path: "/api/auth",
      });
      const tag = knownDeviceTag(ctx.context.secret, user.email.toLowerCase());
      const others = (ctx.getCookie(cookie.name) ?? "").split(".").filter((t) => t && t !== tag);
      const value = [tag, ...others].slice(0, KNOWN_DEVICE_ACCOUNTS).join(".");
      ctx.setCookie(cookie.name, value, cookie.attributes);
    }
  });

  return { before, after };
}
