/**
 * Workers as real processes (`scripts/worker.ts`, as `npm run worker` runs it) on PostgreSQL,
 * sending through the real Resend SDK to the local Resend-compatible server, killed with
 * SIGKILL at the worst moments. Each test ends with the server's own record: every queued
 * address received exactly one email — no duplicate, no loss.
 *
 * PostgreSQL only: two processes cannot share an embedded PGlite database (the in-process
 * takeover of a batch the provider accepted is covered in delivery.int.test.ts on both).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type OpenDb } from "@/db/client";
import { queryRows } from "@/server/ingest/sql";
import { templateDb, testDriver } from "@/server/testing/db";
import { startResendServer, type ResendServer } from "@/server/testing/resend-server";
import { batchIdempotencyKey } from "./worker";
import { messageStates, queueUpdate, type QueuedUpdate } from "./test-helpers";

const onPostgres = testDriver() === "postgres";

let open: OpenDb;
let url: string;
let dropDb: () => Promise<void>;
let server: ResendServer;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  if (!onPostgres) return;
  const base = process.env.TEST_DATABASE_URL!;
  const name = `blastradius_kill_${randomBytes(5).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${templateDb()}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  url = u.toString();
  open = await openPostgres(url, { max: 3 });
  dropDb = async () => {
    const dropper = postgres(base, { max: 1, onnotice: () => {} });
    await dropper.unsafe(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
  server = await startResendServer();
});

afterAll(async () => {
  if (!onPostgres) return;
  for (const c of children) c.kill("SIGKILL");
  await server.close();
  await open.close();
  await dropDb();
});

/** `npm run worker` as its own process (node with tsx's loader: one process to kill). */
function worker(name: string, extra: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "worker.ts")], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      DATABASE_URL: url,
      RESEND_API_KEY: server.apiKey,
      RESEND_BASE_URL: server.url,
      MAIL_BATCH_SIZE: "20",
      MAIL_RATE_PER_SECOND: "50",
      MAIL_BATCH_LEASE_SECONDS: "4",
      MAIL_SEND_TIMEOUT_MS: "2000",
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  const lines: string[] = [];
  child.stdout!.on("data", (d: Buffer) =>
    lines.push(
      ...d
        .toString()
        .trim()
        .split("\n")
        .map((l) => `[${name}] ${l}`),
    ),
  );
  child.stderr!.on("data", (d: Buffer) => lines.push(`[${name} stderr] ${d.toString().trim()}`));
  (child as ChildProcess & { lines: string[] }).lines = lines;
  return child;
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function stop(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function settled(update: QueuedUpdate, timeout = 90_000) {
  await expect
    .poll(() => messageStates(open.db, update.statusUpdateId), { timeout, interval: 250 })
    .toEqual({ sent: update.emails.length });
}

function expectExactlyOnce(update: QueuedUpdate) {
  const counts = server.countByAddress();
  const missing = update.emails.filter((e) => counts.get(e) !== 1);
  expect(missing).toEqual([]);
  expect(server.duplicates()).toEqual([]);
}

describe.skipIf(!onPostgres)("workers killed with SIGKILL (PostgreSQL)", () => {
  it("killed after the provider accepted a batch and before it could record it: the next worker re-sends under the same key and nothing arrives twice", async () => {
    const update = await queueUpdate(open.db, { recipients: 100 });
    const accepted =
      server.sent.length === 0 ? 0 : new Set(server.sent.map((e) => e.idempotencyKey)).size;
    // The server records the first batch, then keeps its answer back: the worker is killed
    // while it waits for it.
    server.failNext({ kind: "hold", ms: 20_000 });
    const a = worker("a");
    await server.acceptedBatches(accepted + 1);
    const heldKey = server.requests.at(-1)!.idempotencyKey!;
    await kill9(a);
    expect(await messageStates(open.db, update.statusUpdateId)).toMatchObject({
      sending: expect.any(Number),
    });

    const b = worker("b");
    try {
      await settled(update);
    } finally {
      await stop(b);
    }
    expectExactlyOnce(update);
    // The held batch went twice under one key, and was answered from the first acceptance.
    const sameKey = server.requests.filter((r) => r.idempotencyKey === heldKey);
    expect(sameKey.length).toBeGreaterThanOrEqual(2);
    expect(sameKey.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const [row] = await queryRows<{ n: number }>(
      open.db,
      sql`select count(*)::int as n from send_batch
          where id = ${heldKey.slice(batchIdempotencyKey("").length)}::uuid and state = 'done'`,
    );
    expect(Number(row.n)).toBe(1);
  });

  it("killed mid-fanout at an arbitrary point, then two workers race over the rest: every address once", async () => {
    const update = await queueUpdate(open.db, { recipients: 400 });
    const before = new Set(server.sent.map((e) => e.idempotencyKey)).size;
    const a = worker("a", { MAIL_RATE_PER_SECOND: "20" });
    await server.acceptedBatches(before + 5);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 150)));
    await kill9(a);

    const b = worker("b");
    const c = worker("c");
    try {
      await settled(update);
    } finally {
      await Promise.all([stop(b), stop(c)]);
    }
    expectExactlyOnce(update);
    const workers = await queryRows<{ worker: string }>(
      open.db,
      sql`select distinct split_part(worker, ':', 2) as worker from send_batch
          where workspace_id = ${update.workspaceId}`,
    );
    // The dead worker, and both racers, each sent batches of this update.
    expect(workers.length).toBeGreaterThanOrEqual(3);
  });

  it("two workers racing from the start share the work and send each message once, within the shared rate limit", async () => {
    const update = await queueUpdate(open.db, { recipients: 300 });
    const from = server.requests.length;
    const b = worker("b", { MAIL_RATE_PER_SECOND: "10" });
    const c = worker("c", { MAIL_RATE_PER_SECOND: "10" });
    try {
      await settled(update);
    } finally {
      await Promise.all([stop(b), stop(c)]);
    }
    expectExactlyOnce(update);
    const calls = server.requests.slice(from).filter((r) => r.status === 200);
    // 15 batches of 20, or a few more when concurrent claims split the last ones.
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBeGreaterThanOrEqual(15);
    expect(calls.every((c) => c.count <= 20)).toBe(true);
    // 10 requests a second across both processes: 15 calls span at least 1.4 s, where two
    // separate limits would let them through in 0.7 s. Checked halfway between, because the
    // server sees each call's arrival, which a loaded machine delays by up to a few hundred ms.
    expect(calls.at(-1)!.at - calls[0].at).toBeGreaterThanOrEqual(1_050);
    const byWorker = await queryRows<{ worker: string; n: number }>(
      open.db,
      sql`select worker, count(*)::int as n from send_batch where workspace_id = ${update.workspaceId} group by worker`,
    );
    expect(byWorker.length).toBe(2);
  });
});
