/**
 * Error events for the demo, generated from a seed and a clock value passed in (pure, like
 * generate.ts). Events have the shape of `POST /api/v1/events`. Three stories:
 *  - background noise: many small, unrelated errors, each hitting a handful of customers —
 *    deliberately fewer than an incident threshold, so noise never opens an incident;
 *  - the ongoing incident: a burst that hits one clear subgroup and ramps up over the last
 *    ~45 minutes;
 *  - yesterday's incident, which hit another subgroup and stopped when it was fixed.
 */
import type { Attributes } from "@/db/schema/customers";
import type { DemoCustomer } from "./generate";
import { createRng, type Rng } from "./random";

export interface DemoEvent {
  id: string;
  timestamp: string;
  service: string;
  error: { type: string; message: string };
  fingerprint?: string;
  customer: { id: string; name?: string; attributes?: Attributes };
  attributes?: Attributes;
}

/** A failure that hits one subgroup of customers (every predicate must match). */
export interface Scenario {
  key: string;
  title: string;
  service: string;
  endpoint: string;
  errorType: string;
  message: (rng: Rng) => string;
  subgroup: Record<string, string>;
  /** Share of the subgroup that fails. */
  failingShare: number;
  /** Share of everyone else that fails too (the odd unrelated case). */
  outsideShare: number;
}

export const ONGOING_INCIDENT: Scenario = {
  key: "checkout",
  title: "Card payments time out at checkout",
  service: "checkout",
  endpoint: "POST /v1/checkout/authorize",
  errorType: "PaymentDeclinedError",
  message: () => "card authorization timed out after 30000ms",
  subgroup: { region: "eu-west", app_version: "5.2.0" },
  failingShare: 0.4,
  outsideShare: 0.003,
};

export const RESOLVED_INCIDENT: Scenario = {
  key: "sync",
  title: "Android sync rejected for free workspaces",
  service: "sync",
  endpoint: "POST /v1/sync/delta",
  errorType: "SyncConflictError",
  message: (rng) =>
    `delta upload rejected: server revision ${rng.int(40000, 49999)} ahead of client`,
  subgroup: { plan: "free", platform: "android" },
  failingShare: 0.3,
  outsideShare: 0.002,
};

export function inSubgroup(customer: DemoCustomer, subgroup: Record<string, string>): boolean {
  return Object.entries(subgroup).every(([key, value]) => customer.attributes[key] === value);
}

/** What the request itself carried: the client build or browser, and the endpoint. */
export function requestAttributes(customer: DemoCustomer, endpoint: string): Attributes {
  const a = customer.attributes;
  return {
    endpoint,
    platform: a.platform,
    ...(a.app_version ? { app_version: a.app_version } : {}),
    ...(a.browser ? { browser: a.browser } : {}),
  };
}

const MINUTE = 60_000;

/**
 * A failure onset time in [0, duration] minutes whose density rises linearly over the first
 * `ramp` minutes and is flat afterwards (inverse of that CDF).
 */
function rampedOnset(rng: Rng, duration: number, ramp: number): number {
  const r = Math.min(ramp, duration);
  const y = rng.next() * (duration - r / 2);
  return y <= r / 2 ? Math.sqrt(2 * r * y) : y + r / 2;
}

/** Events of one scenario between `start` and `end`; failing customers retry every few minutes. */
export function generateIncidentEvents(
  customers: DemoCustomer[],
  scenario: Scenario,
  opts: { start: Date; end: Date; rampMinutes: number; meanRetryMinutes: number; seed: string },
): DemoEvent[] {
  const rng = createRng(`incident:${scenario.key}:${opts.seed}`);
  const duration = (opts.end.getTime() - opts.start.getTime()) / MINUTE;
  const events: DemoEvent[] = [];
  customers.forEach((customer, index) => {
    const share = inSubgroup(customer, scenario.subgroup)
      ? scenario.failingShare
      : scenario.outsideShare;
    if (!rng.chance(share)) return;
    let minute = rampedOnset(rng, duration, opts.rampMinutes);
    for (let n = 0; minute < duration; n++) {
      events.push({
        id: `demo-${scenario.key}-${index}-${n}`,
        timestamp: new Date(opts.start.getTime() + minute * MINUTE).toISOString(),
        service: scenario.service,
        error: { type: scenario.errorType, message: scenario.message(rng) },
        customer: { id: customer.externalId },
        attributes: requestAttributes(customer, scenario.endpoint),
      });
      minute += 0.5 + rng.exponential(opts.meanRetryMinutes);
    }
  });
  return events.sort(byTimestamp);
}

interface NoiseError {
  service: string;
  endpoint: string;
  type: string;
  message: (rng: Rng) => string;
  platform?: DemoCustomer["attributes"]["platform"];
  /** How many distinct customers see it: always below the incident threshold. */
  customers: number;
}

const hex = (rng: Rng, length: number) =>
  Array.from({ length }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");

export const NOISE_ERRORS: NoiseError[] = [
  {
    service: "web-app",
    endpoint: "GET /app/projects",
    type: "TypeError",
    message: () => "Cannot read properties of undefined (reading 'avatarUrl')",
    platform: "web",
    customers: 14,
  },
  {
    service: "web-app",
    endpoint: "GET /app/reports",
    type: "ChunkLoadError",
    message: (r) => `Loading chunk ${r.int(100, 999)} failed`,
    platform: "web",
    customers: 12,
  },
  {
    service: "api",
    endpoint: "GET /v1/projects",
    type: "NSURLErrorDomain",
    message: () => "The request timed out. (-1001)",
    platform: "ios",
    customers: 11,
  },
  {
    service: "api",
    endpoint: "GET /v1/projects",
    type: "SocketTimeoutException",
    message: () => "timeout after 15000ms",
    platform: "android",
    customers: 13,
  },
  {
    service: "reports",
    endpoint: "POST /v1/reports/export",
    type: "DeadlineExceeded",
    message: (r) => `export job ${r.int(10000, 99999)} exceeded 120s`,
    customers: 9,
  },
  {
    service: "reports",
    endpoint: "GET /v1/reports",
    type: "RateLimitError",
    message: () => "429 Too Many Requests",
    customers: 10,
  },
  {
    service: "auth",
    endpoint: "POST /v1/auth/refresh",
    type: "AuthError",
    message: () => "refresh token expired",
    customers: 16,
  },
  {
    service: "billing",
    endpoint: "POST /v1/invoices",
    type: "ValidationError",
    message: (r) => `invoice.line_items[${r.int(0, 9)}].quantity must be positive`,
    customers: 7,
  },
  {
    service: "billing",
    endpoint: "POST /v1/checkout/authorize",
    type: "StripeCardError",
    message: () => "Your card was declined.",
    customers: 15,
  },
  {
    service: "files",
    endpoint: "GET /v1/files",
    type: "NotFoundError",
    message: (r) => `attachment ${hex(r, 12)} not found`,
    customers: 12,
  },
  {
    service: "files",
    endpoint: "PUT /v1/files",
    type: "QuotaExceededError",
    message: () => "storage quota exceeded",
    customers: 8,
  },
  {
    service: "webhooks",
    endpoint: "POST /hooks/deliver",
    type: "WebhookDeliveryError",
    message: (r) => `endpoint returned ${r.pick(["502", "503", "504"])}`,
    customers: 12,
  },
  {
    service: "gateway",
    endpoint: "GET /v1/search",
    type: "ConnectionResetError",
    message: () => "upstream connection reset by peer",
    customers: 14,
  },
  {
    service: "notifications",
    endpoint: "POST /v1/push",
    type: "APNsError",
    message: () => "BadDeviceToken",
    platform: "ios",
    customers: 9,
  },
  {
    service: "sync",
    endpoint: "POST /v1/sync/delta",
    type: "SQLiteFullError",
    message: () => "database or disk is full (code 13 SQLITE_FULL)",
    platform: "android",
    customers: 6,
  },
];

/**
 * For each noise error, a fixed small pool of customers who see it. The pools depend only on
 * the seed, so the simulator's noise lands on the same issues and never grows them past the
 * incident threshold.
 */
export function noisePools(customers: DemoCustomer[], seed: string): DemoCustomer[][] {
  const rng = createRng(`noise-pools:${seed}`);
  return NOISE_ERRORS.map((noise) => {
    const eligible = customers.filter(
      (c) => !noise.platform || c.attributes.platform === noise.platform,
    );
    const pool = new Set<DemoCustomer>();
    for (let i = 0; pool.size < Math.min(noise.customers, eligible.length) && i < 1000; i++) {
      pool.add(rng.pick(eligible));
    }
    return [...pool];
  });
}

export function noiseEvent(
  rng: Rng,
  noiseIndex: number,
  customer: DemoCustomer,
  at: Date,
  id: string,
): DemoEvent {
  const noise = NOISE_ERRORS[noiseIndex];
  return {
    id,
    timestamp: at.toISOString(),
    service: noise.service,
    error: { type: noise.type, message: noise.message(rng) },
    customer: { id: customer.externalId },
    attributes: requestAttributes(customer, noise.endpoint),
  };
}

/** Background errors between `start` and `end`, a few per pooled customer. */
export function generateNoiseEvents(
  customers: DemoCustomer[],
  opts: { start: Date; end: Date; seed: string },
): DemoEvent[] {
  const rng = createRng(`noise:${opts.seed}`);
  const span = opts.end.getTime() - opts.start.getTime();
  const events: DemoEvent[] = [];
  noisePools(customers, opts.seed).forEach((pool, noiseIndex) => {
    pool.forEach((customer, p) => {
      const count = rng.int(1, 6);
      for (let n = 0; n < count; n++) {
        const at = new Date(opts.start.getTime() + Math.floor(rng.next() * span));
        events.push(
          noiseEvent(rng, noiseIndex, customer, at, `demo-noise-${noiseIndex}-${p}-${n}`),
        );
      }
    });
  });
  return events.sort(byTimestamp);
}

function byTimestamp(a: DemoEvent, b: DemoEvent): number {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;
}

/** Every event the demo seed ingests, relative to `now`. */
export function generateDemoEvents(customers: DemoCustomer[], now: Date, seed: string) {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
  return {
    /** Yesterday: ~95 minutes of failures, ramping up over 20, until a fix went out. */
    resolved: generateIncidentEvents(customers, RESOLVED_INCIDENT, {
      start: at(26 * 60),
      end: at(26 * 60 - 95),
      rampMinutes: 20,
      meanRetryMinutes: 12,
      seed,
    }),
    /** Now: the last 45 minutes, ramping up over the first 15. */
    ongoing: generateIncidentEvents(customers, ONGOING_INCIDENT, {
      start: at(45),
      end: now,
      rampMinutes: 15,
      meanRetryMinutes: 4,
      seed,
    }),
    noise: generateNoiseEvents(customers, { start: at(36 * 60), end: now, seed }),
  };
}

/**
 * When a live Blastradius would have opened an incident for these events (all of one
 * issue, in time order): the first event at which the distinct customers, or the events in
 * one minute, reach a threshold. Null when they never do.
 */
export function thresholdCrossedAt(
  events: DemoEvent[],
  thresholds: { customers: number; eventsPerMinute: number },
): Date | null {
  const customers = new Set<string>();
  const perMinute = new Map<number, number>();
  for (const e of events) {
    customers.add(e.customer.id);
    const minute = Math.floor(Date.parse(e.timestamp) / MINUTE);
    const inMinute = (perMinute.get(minute) ?? 0) + 1;
    perMinute.set(minute, inMinute);
    if (customers.size >= thresholds.customers || inMinute >= thresholds.eventsPerMinute) {
      return new Date(e.timestamp);
    }
  }
  return null;
}
