/**
 * The delivery worker: claims a batch (batches.ts), builds its emails from the frozen snapshot
 * (compose.ts), waits for a slot of the shared rate limit (rate.ts), calls the transport with
 * the key `blastradius-batch-<send_batch.id>` and a time-out, and records the outcome:
 *
 *   sent          → messages 'sent' with the provider's ids, batch done
 *   429           → the batch waits for Retry-After (and so does every worker), not an attempt
 *   5xx, network, time-out, key in flight
 *                 → again after exponential backoff with full jitter, up to maxAttempts,
 *                   then 'failed' with the reason
 *   refused       → 'failed' with the provider's reason (not worth retrying: the same key with
 *                   the same body gets the same refusal)
 *
 * A worker killed at any point leaves at most an open batch whose lease runs out; the next
 * worker to claim takes it over and sends the same bytes under the same key. Several lanes
 * run per process so that rendering and recording overlap the rate limit's waits.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import {
  claimBatch,
  extendLease,
  recordFailed,
  recordRetry,
  recordSent,
  type ClaimedBatch,
} from "./batches";
import { composeBatch, loadBatch } from "./compose";
import { holdOff, LATE_MS, reserveSlot } from "./rate";
import type { Transport } from "./transport";

export interface DeliveryOptions {
  db: Db;
  transport: Transport;
  worker?: string;
  batchSize?: number;
  leaseSeconds?: number;
  ratePerSecond?: number;
  timeoutMs?: number;
  /** Provider calls per batch before its messages are 'failed' (429s do not count). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  log?: (line: string) => void;
}

type Resolved = Required<DeliveryOptions>;

export const batchIdempotencyKey = (batchId: string) => `blastradius-batch-${batchId}`;

export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

function resolve(opts: DeliveryOptions): Resolved {
  const e = env();
  return {
    worker: workerName(),
    batchSize: e.MAIL_BATCH_SIZE,
    leaseSeconds: e.MAIL_BATCH_LEASE_SECONDS,
    ratePerSecond: e.MAIL_RATE_PER_SECOND,
    timeoutMs: e.MAIL_SEND_TIMEOUT_MS,
    maxAttempts: 8,
    backoffBaseMs: 1_000,
    backoffCapMs: 5 * 60_000,
    log: () => {},
    ...opts,
  };
}

/** Full jitter: anywhere between 0 and the exponential ceiling for this attempt. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type DeliveryStep =
  | { kind: "idle"; suppressed: number }
  | { kind: "batch"; batchId: string; count: number; outcome: string; ms: number };

async function sendBatch(o: Resolved, batch: ClaimedBatch, claimMs: number): Promise<DeliveryStep> {
  const started = Date.now();
  // Where a batch's time goes, for the log line: claim, load, render, wait (rate limit),
  // call (the provider), record.
  const phases: [string, number][] = [["claim", claimMs]];
  let mark = started;
  const phase = (name: string) => {
    const now = Date.now();
    phases.push([name, now - mark]);
    mark = now;
  };
  const messages = await loadBatch(o.db, batch.workspaceId, batch.id);
  phase("load");
  const attempt = batch.attempts + 1;
  const done = (outcome: string): DeliveryStep => {
    phase("record");
    const ms = Date.now() - started;
    const detail = phases.map(([name, t]) => `${name} ${t}`).join(", ");
    o.log(
      `batch ${batch.id}: ${messages.length} emails, attempt ${attempt}${batch.resumed ? " (resumed)" : ""} → ${outcome} in ${ms} ms (${detail})`,
    );
    return { kind: "batch", batchId: batch.id, count: messages.length, outcome, ms };
  };
  if (!messages.length) {
    await recordSent(o.db, batch, [], batch.attempts);
    return done("empty");
  }
  let emails;
  try {
    emails = await composeBatch(messages);
  } catch (err) {
    const reason = `could not render: ${err instanceof Error ? err.message : String(err)}`;
    await recordFailed(o.db, batch, { reason, attempts: batch.attempts });
    return done(`failed (${reason})`);
  }
  phase("render");
  if (o.transport.rateLimited) {
    for (;;) {
      const wait = await reserveSlot(o.db, o.transport.name, o.ratePerSecond);
      await extendLease(o.db, batch, o.worker, wait + o.timeoutMs + 10_000);
      const due = Date.now() + wait;
      if (wait > 0) await sleep(wait);
      // A slot missed by more than LATE_MS (this process was held up) is given up: a later
      // call would bunch with the next slots' calls and go over the provider's limit.
      const late = Date.now() - due;
      if (late <= LATE_MS) break;
      o.log(`batch ${batch.id}: its rate-limit slot passed ${late} ms ago; taking the next one`);
    }
  }
  phase("wait");
  const outcome = await o.transport.send(
    batchIdempotencyKey(batch.id),
    emails,
    AbortSignal.timeout(o.timeoutMs),
  );
  phase("call");
  switch (outcome.kind) {
    case "sent":
      await recordSent(
        o.db,
        batch,
        emails.map((e, i) => ({ id: e.messageId, providerId: outcome.providerIds[i] })),
        attempt,
      );
      return done("sent");
    case "rate_limited":
      await holdOff(o.db, o.transport.name, outcome.retryAfterMs);
      await recordRetry(o.db, batch, {
        delayMs: outcome.retryAfterMs,
        reason: outcome.reason,
        attempts: batch.attempts,
      });
      return done(`rate limited, again in ${outcome.retryAfterMs} ms`);
    case "retryable": {
      if (attempt >= o.maxAttempts) {
        const reason = `gave up after ${attempt} attempts: ${outcome.reason}`;
        await recordFailed(o.db, batch, { reason, attempts: attempt });
        return done(`failed (${reason})`);
      }
      const delayMs = backoffMs(attempt, o.backoffBaseMs, o.backoffCapMs);
      await recordRetry(o.db, batch, { delayMs, reason: outcome.reason, attempts: attempt });
      return done(`${outcome.reason}; again in ${delayMs} ms`);
    }
    case "permanent":
      await recordFailed(o.db, batch, { reason: outcome.reason, attempts: attempt });
      return done(`failed (${outcome.reason})`);
  }
}

/** Claims and sends one batch, if any is due. */
export async function deliverOnce(opts: DeliveryOptions): Promise<DeliveryStep> {
  const o = resolve(opts);
  const claimStarted = Date.now();
  const { batch, suppressed } = await claimBatch(o.db, {
    worker: o.worker,
    batchSize: o.batchSize,
    leaseSeconds: o.leaseSeconds,
  });
  if (suppressed) o.log(`suppressed ${suppressed} messages (addresses on the suppression list)`);
  if (!batch) return { kind: "idle", suppressed };
  o.log(
    `claimed batch ${batch.id} of workspace ${batch.workspaceId}${batch.resumed ? ` (taken over, ${batch.attempts} attempts before)` : ""}`,
  );
  return sendBatch(o, batch, Date.now() - claimStarted);
}

/** Delivers until nothing is due; for tests and one-shot runs. */
export async function deliverAll(opts: DeliveryOptions): Promise<DeliveryStep[]> {
  const o = resolve(opts);
  const steps: DeliveryStep[] = [];
  for (;;) {
    const step = await deliverOnce(o);
    if (step.kind === "idle" && step.suppressed === 0) return steps;
    steps.push(step);
  }
}

export interface DeliveryLoop {
  worker: string;
  /** Looks for due messages now instead of at the next poll. */
  wake(): void;
  /** Finishes the batches in hand, then stops; the heartbeat row is removed. */
  stop(): Promise<void>;
}

export interface LoopOptions extends DeliveryOptions {
  /** Batches in hand at once per process. */
  lanes?: number;
  /** How often an idle lane looks for due messages. */
  pollMs?: number;
  heartbeatMs?: number;
  /** Let the process exit while the loop waits (inside the app). */
  unref?: boolean;
}

export async function beat(db: Db, worker: string, startedAt: Date): Promise<void> {
  await db.execute(
    sql`insert into worker_heartbeat (worker, started_at, beat_at) values (${worker}, ${startedAt.toISOString()}::timestamptz, now())
        on conflict (worker) do update set beat_at = now()`,
  );
}

export function startDeliveryLoop(opts: LoopOptions): DeliveryLoop {
  const o = resolve(opts);
  const lanes = opts.lanes ?? 4;
  const pollMs = opts.pollMs ?? 1_000;
  const heartbeatMs = opts.heartbeatMs ?? 5_000;
  const startedAt = new Date();
  let stopped = false;
  const sleepers = new Set<() => void>();

  function nap(ms: number): Promise<void> {
    if (stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (opts.unref) timer.unref();
      sleepers.add(done);
    });
  }
  const wake = () => [...sleepers].forEach((s) => s());

  async function lane() {
    while (!stopped) {
      try {
        const step = await deliverOnce(o);
        if (step.kind === "idle" && step.suppressed === 0) await nap(pollMs);
      } catch (err) {
        console.error(`delivery worker ${o.worker}:`, err);
        await nap(pollMs);
      }
    }
  }

  async function heartbeat() {
    while (!stopped) {
      try {
        await beat(o.db, o.worker, startedAt);
      } catch (err) {
        console.error(`delivery worker ${o.worker}: heartbeat failed`, err);
      }
      await nap(heartbeatMs);
    }
  }

  const running = [heartbeat(), ...Array.from({ length: lanes }, lane)];
  return {
    worker: o.worker,
    wake,
    async stop() {
      stopped = true;
      wake();
      await Promise.all(running);
      await o.db
        .execute(sql`delete from worker_heartbeat where worker = ${o.worker}`)
        .catch(() => {});
    },
  };
}
