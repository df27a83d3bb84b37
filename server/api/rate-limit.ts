/**
 * Per-API-key rate limiting: a fixed window of one minute, counted in this process.
 *
 * In-process on purpose: it needs no round trip and no table. With several app instances
 * behind a load balancer each instance counts on its own, so a key may reach up to
 * (instances × limit) requests per minute in total; that is the documented trade-off.
 */
import { processWide } from "@/server/process-wide";
import { env } from "@/server/env";

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfter: number };

export interface RateLimiter {
  /** Counts one request for `key` and says whether it may go ahead. */
  consume(key: string): RateLimitResult;
  /** Seconds until `key` may go ahead again when it is used up, else null; counts nothing. */
  blockedFor(key: string): number | null;
}

export class FixedWindowRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  consume(key: string): RateLimitResult {
    const now = this.clock();
    const start = now - (now % this.windowMs);
    this.sweep(start);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit) {
      return {
        ok: false,
        retryAfter: Math.max(1, Math.ceil((start + this.windowMs - now) / 1000)),
      };
    }
    w.count++;
    return { ok: true, remaining: this.limit - w.count };
  }

  blockedFor(key: string): number | null {
    const now = this.clock();
    const start = now - (now % this.windowMs);
    const w = this.windows.get(key);
    if (!w || w.start !== start || w.count < this.limit) return null;
    return Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
  }

  /** Forgets windows that have ended, at most once per window, so the map stays small. */
  private sweep(currentStart: number) {
    if (this.lastSweep === currentStart) return;
    this.lastSweep = currentStart;
    for (const [key, w] of this.windows) if (w.start !== currentStart) this.windows.delete(key);
  }
}

/** The process-wide limiter for /api/v1, sized by API_RATE_LIMIT_PER_MINUTE. */
export function apiRateLimiter(): RateLimiter {
  return processWide(
    "apiRateLimiter",
    () => new FixedWindowRateLimiter(env().API_RATE_LIMIT_PER_MINUTE),
  );
}

/** Requests with a missing or invalid key per client address per minute, before 429. */
export const FAILED_AUTH_PER_MINUTE = 60;

/**
 * Counts requests whose key was missing or invalid, per client address (`addressBucket` of
 * `clientAddress`, server/http/client-address.ts), so that guessing keys costs the database
 * nothing once an address is over the limit.
 */
export function failedAuthLimiter(): RateLimiter {
  return processWide("failedAuthLimiter", () => new FixedWindowRateLimiter(FAILED_AUTH_PER_MINUTE));
}
