/**
 * `npm run bench:ingest` — end-to-end ingest throughput: starts the app on a fresh database,
 * posts batches of 500 events from several concurrent HTTP clients and prints the events per
 * second accepted, from the first request to the last 202 (each 202 is sent after its batch
 * committed), then counts the committed rows to check. Once on PGlite, once on PostgreSQL.
 *
 *   npm run bench:ingest
 *   BENCH_DRIVERS=pglite BENCH_CLIENTS=4 BENCH_BATCHES=40 npm run bench:ingest
 *   BENCH_SERVER=node npm run bench:ingest        # see "The server" below
 *   BENCH_READS=0 npm run bench:ingest            # throughput only, no incident reads
 *
 * The server: with a production build (`npm run build`, or NEXT_DIST_DIR=.next-bench npm run
 * build beside a dev server) it runs the app's entry point (scripts/server.ts, what `npm start`
 * runs), i.e. the real route. Without one it says so
 * and runs the same handler on a bare node:http server in its own process
 * (bench/ingest-server.ts) — it never builds anything itself.
 *
 * The workload: a directory of 6,000 active customers imported beforehand (as the demo's is), named
 * by every event with their attributes and an email (as an SDK sends them); 3 services × 8
 * error types with variable messages; timestamps of the last few seconds. Default thresholds,
 * so incidents open during warm-up and every batch also updates their aggregates. Request
 * bodies are generated before the clock starts. Clients, server and database share this
 * machine's cores.
 *
 * On PostgreSQL, a same-run baseline follows (`rawInsertBaseline`): the same number of raw
 * event rows stored by as many connections straight to the database, nothing else.
 *
 * Under each figure, the CPU the app server, PostgreSQL and the clients spent per event over the
 * timed part (bench/cpu.ts, from /proc), and what that allows on this machine's cores.
 *
 * Then the incident reads: p95 of GET /api/v1/incidents/{id} and of the incident page's main
 * tRPC query for an incident with 100,000 affected customers (bench/incident-reads.ts, which
 * `npm run bench:incident-reads` also runs alone, with every other read case).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPglite, openPostgres, type OpenDb } from "@/db/client";
import { organization } from "@/db/schema";
import { createApiKey } from "@/server/apikeys";
import { writeCustomers } from "@/server/customers";
import { queryRows } from "@/server/ingest/sql";
import { startCpu, type CpuPerEvent } from "./cpu";
import { benchIncidentReads } from "./incident-reads";

const DRIVERS = (process.env.BENCH_DRIVERS ?? "pglite,postgres").split(",");
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 40); // per client
const WARMUP = 2; // batches per client, not timed
const PG_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const root = process.cwd();
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const hasBuild = existsSync(path.join(root, distDir, "BUILD_ID"));
const SERVER = (process.env.BENCH_SERVER ?? (hasBuild ? "next" : "node")) as "next" | "node";

// 1. Workload ----------------------------------------------------------------------------

const SERVICES = ["checkout", "search", "accounts"];
const ERRORS = [
  ["TimeoutError", (n: number) => `upstream shard-${n % 9} did not answer after ${n} ms`],
  ["PaymentDeclined", (n: number) => `card ending ${1000 + (n % 9000)} declined`],
  ["NotFound", (n: number) => `order ${n} not found`],
  ["RateLimited", () => `tenant ${randomUUID()} over quota`],
  ["DatabaseError", (n: number) => `deadlock on relation ${n % 50}`],
  ["TypeError", (n: number) => `cannot read property 'id' of undefined at line ${n % 400}`],
  ["ConnectionReset", (n: number) => `socket hang up after ${n} bytes`],
  ["ValidationError", (n: number) => `field "email" invalid for request ${n}`],
] as const;
const PLANS = ["free", "pro", "business", "enterprise"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"];
const CUSTOMERS = 6000;

const customerOf = (c: number) => ({
  id: `cus_${c}`,
  email: `ops+${c}@customer${c}.example`,
  attributes: {
    plan: PLANS[c % PLANS.length],
    region: REGIONS[c % REGIONS.length],
    app_version: `5.${c % 7}.0`,
  },
});

let counter = 0;
function makeBody(): string {
  const now = Date.now();
  const events = Array.from({ length: BATCH }, () => {
    const n = counter++;
    const [type, message] = ERRORS[(n >> 3) % ERRORS.length];
    return {
      id: `bench-${n}-${randomBytes(4).toString("hex")}`,
      timestamp: new Date(now - ((n * 37) % 5_000)).toISOString(),
      service: SERVICES[n % SERVICES.length],
      error: { type, message: message(n) },
      customer: customerOf((n * 7919) % CUSTOMERS),
      attributes: { endpoint: `/api/${SERVICES[n % 3]}`, browser: n % 2 ? "firefox" : "chrome" },
    };
  });
  return JSON.stringify({ events });
}

// 2. A fresh database with a workspace and an ingest key ---------------------------------

interface Target {
  label: string;
  env: Record<string, string>;
  key: string;
  countEvents(): Promise<number>;
  /** The database's own ceiling for the same events' raw rows (PostgreSQL only). */
  rawInsertBaseline?(): Promise<{ events: number; seconds: number; cpu?: CpuPerEvent }>;
  cleanup(): Promise<void>;
}

async function prepare(open: OpenDb) {
  const workspaceId = `bench-${randomBytes(6).toString("hex")}`;
  await open.db.insert(organization).values({ id: workspaceId, name: "Bench", slug: workspaceId });
  for (let from = 0; from < CUSTOMERS; from += 1000) {
    const customers = Array.from({ length: 1000 }, (_, i) => {
      const c = customerOf(from + i);
      return {
        externalId: c.id,
        attributes: c.attributes,
        contacts: [{ email: c.email }],
        seenAt: new Date(),
      };
    });
    await open.db.transaction((tx) => writeCustomers(tx, workspaceId, customers));
  }
  const { key } = await createApiKey(open.db, {
    workspaceId,
    name: "bench",
    scopes: ["ingest"],
    createdBy: null,
  });
  return key;
}

async function countWith(open: OpenDb) {
  const [row] = await queryRows<{ n: number }>(open.db, sql`select count(*)::int as n from event`);
  return Number(row.n);
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "blastradius-bench-"));
  const dbDir = path.join(dataDir, "pglite");
  const open = await openPglite(dbDir);
  const key = await prepare(open);
  await open.close(); // the server process owns the folder from here on
  return {
    label: "PGlite",
    env: { DATA_DIR: dataDir },
    key,
    async countEvents() {
      const again = await openPglite(dbDir);
      try {
        return await countWith(again);
      } finally {
        await again.close();
      }
    },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(): Promise<Target> {
  const name = `blastradius_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const open = await openPostgres(url.toString(), { max: 2 });
  const key = await prepare(open);
  return {
    label: "PostgreSQL",
    env: { DATABASE_URL: url.toString() },
    key,
    countEvents: () => countWith(open),
    rawInsertBaseline: () => rawInsertBaseline(url.toString()),
    async cleanup() {
      await open.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The same-run baseline: CLIENTS connections straight to the same database, each inserting
 * BATCHES batches of BATCH raw event rows — shaped like the bench's events — with the very
 * statement the write path uses for them (jsonb_to_recordset, on conflict do nothing), one
 * transaction per batch, and nothing else: no HTTP, no validation, no customers, no
 * aggregates. How fast this machine stores the rows alone, right now; the rows are then
 * deleted again.
 */
async function rawInsertBaseline(url: string) {
  const client = postgres(url, { max: CLIENTS, onnotice: () => {} });
  try {
    const [{ workspace_id }] = await client<{ workspace_id: string }[]>`
      select id as workspace_id from organization where id like 'bench-%' limit 1`;
    const customers = (
      await client<{ id: string }[]>`
      select id from customer where workspace_id = ${workspace_id} order by id`
    ).map((r) => r.id);
    const issues = Array.from({ length: 24 }, () => randomUUID());
    const bodies = Array.from({ length: CLIENTS }, (_, c) =>
      Array.from({ length: BATCHES }, (_, b) => {
        const events = (JSON.parse(makeBody()) as { events: BenchEvent[] }).events;
        return JSON.stringify(
          events.map((e, i) => ({
            client_id: `raw-${c}-${b}-${e.id}`,
            occurred_at: e.timestamp,
            service: e.service,
            error_type: e.error.type,
            error_message: e.error.message,
            issue_id: issues[i % issues.length],
            customer_id: customers[i % customers.length],
            attributes: e.attributes,
          })),
        );
      }),
    );
    const cpuUntil = startCpu();
    const started = performance.now();
    await Promise.all(
      bodies.map(async (mine) => {
        for (const rows of mine) {
          await client.begin((tx) =>
            tx.unsafe(
              `insert into event (workspace_id, client_id, occurred_at, service, error_type,
                                error_message, issue_id, customer_id, attributes)
             select $1, e.client_id, e.occurred_at, e.service, e.error_type, e.error_message,
                    e.issue_id, e.customer_id, e.attributes
             from jsonb_to_recordset($2::text::jsonb)
               as e(client_id text, occurred_at timestamptz, service text, error_type text,
                    error_message text, issue_id uuid, customer_id bigint, attributes jsonb)
             order by e.client_id
             on conflict (workspace_id, client_id) do nothing`,
              [workspace_id, rows],
            ),
          );
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const events = CLIENTS * BATCHES * BATCH;
    const cpu = cpuUntil(events, seconds);
    await client`delete from event where client_id like 'raw-%'`;
    return { events, seconds, cpu };
  } finally {
    await client.end();
  }
}

interface BenchEvent {
  id: string;
  timestamp: string;
  service: string;
  error: { type: string; message: string };
  attributes: Record<string, string>;
}

// 3. The server ---------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(target: Target, port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...target.env,
    PORT: String(port),
    NODE_ENV: "production",
    RUN_WORKER: "false",
    API_RATE_LIMIT_PER_MINUTE: "1000000",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  // BENCH_NODE_ARGS, e.g. "--cpu-prof", goes to the server's node process.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const args =
    SERVER === "next"
      ? [
          ...nodeArgs,
          "--import",
          "tsx",
          path.join(root, "scripts/server.ts"),
          "-p",
          String(port),
          "-H",
          "127.0.0.1",
        ]
      : [...nodeArgs, "--import", "tsx", path.join(root, "bench/ingest-server.ts")];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout!.resume();
  // Ready when an empty POST gets the 400 a running route gives (database open and migrated).
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${target.key}` },
        body: "{}",
      });
      if (res.status === 400) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGTERM");
  throw new Error("the server did not answer within 2 minutes");
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

// 4. Clients ------------------------------------------------------------------------------

async function post(url: string, key: string, body: string) {
  const started = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
  const json = (await res.json()) as { accepted?: number; error?: { message: string } };
  if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${json.error?.message}`);
  return { accepted: json.accepted ?? 0, ms: performance.now() - started };
}

async function ingestThroughput(target: Target) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/v1/events`;
  const bodies = Array.from({ length: CLIENTS }, () =>
    Array.from({ length: WARMUP + BATCHES }, makeBody),
  );
  const server = await startServer(target, port);
  try {
    let warm = 0;
    await Promise.all(
      bodies.map(async (mine) => {
        for (const b of mine.slice(0, WARMUP)) {
          const r = await post(url, target.key, b);
          warm += r.accepted;
        }
      }),
    );
    const latencies: number[] = [];
    let accepted = 0;
    const cpuUntil = startCpu(server.pid);
    const started = performance.now();
    await Promise.all(
      bodies.map(async (mine) => {
        for (const b of mine.slice(WARMUP)) {
          const r = await post(url, target.key, b);
          accepted += r.accepted;
          latencies.push(r.ms);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuUntil(accepted, seconds);
    await stopServer(server);
    const stored = await target.countEvents();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    return {
      accepted,
      seconds,
      stored,
      expected: warm + accepted,
      p50: pct(0.5),
      p95: pct(0.95),
      cpu,
    };
  } finally {
    await stopServer(server);
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const indent = "".padEnd(10);

/**
 * Where the CPU went, per event accepted. With PostgreSQL, the ceiling it sets for this
 * machine; PGlite runs inside the app server's one JavaScript thread, so there the bound is
 * that thread, not the cores.
 */
function cpuLine(c: CpuPerEvent, sides: string, ceiling = true): string {
  return (
    `${indent} CPU per event: ${sides}; ${fmt(c.totalUs)} µs in all, ${c.cores} cores ` +
    `${Math.round(c.busy * 100)}% busy (${Math.round(c.stolen * 100)}% taken by the host)` +
    (ceiling ? ` → at most ${fmt(c.ceiling)} events/s at this machine's speed` : "")
  );
}

// 5. Main ---------------------------------------------------------------------------------

async function main() {
  console.log(
    `Ingest benchmark: ${CLIENTS} clients × ${BATCHES} batches of ${BATCH} events (+${WARMUP} warm-up each), ` +
      `server: ${SERVER === "next" ? `npm start (${distDir}/)` : "node:http + the route handler (no production build found; `npm run build` to measure through Next.js)"}`,
  );
  for (const driver of DRIVERS) {
    const target = driver === "postgres" ? await postgresTarget() : await pgliteTarget();
    try {
      const r = await ingestThroughput(target);
      const check = r.stored === r.expected ? "all committed" : `MISMATCH: ${fmt(r.stored)} stored`;
      console.log(
        `${target.label.padEnd(10)} ${fmt(r.accepted / r.seconds).padStart(7)} events/s accepted end to end ` +
          `(${fmt(r.accepted)} events in ${r.seconds.toFixed(1)} s; batch latency p50 ${fmt(r.p50)} ms, ` +
          `p95 ${fmt(r.p95)} ms; ${fmt(r.expected)} rows expected, ${check})`,
      );
      if (r.cpu) {
        const db =
          driver === "postgres"
            ? `, PostgreSQL ${fmt(r.cpu.postgresUs)} µs`
            : " (PGlite inside it)";
        console.log(
          cpuLine(
            r.cpu,
            `app server ${fmt(r.cpu.serverUs)} µs${db}, clients ${fmt(r.cpu.clientsUs)} µs`,
            driver === "postgres",
          ),
        );
      }
      if (target.rawInsertBaseline) {
        const b = await target.rawInsertBaseline();
        console.log(
          `${indent} ${fmt(b.events / b.seconds).padStart(7)} events/s same-run baseline: the same number of ` +
            `raw event rows stored by ${CLIENTS} connections straight to the database, nothing else ` +
            `(${b.seconds.toFixed(1)} s)`,
        );
        if (b.cpu) {
          console.log(
            cpuLine(
              b.cpu,
              `PostgreSQL ${fmt(b.cpu.postgresUs)} µs, client ${fmt(b.cpu.clientsUs)} µs`,
            ),
          );
        }
      }
    } finally {
      await target.cleanup();
    }
  }
  if (process.env.BENCH_READS === "0") return;
  console.log("\n# Incident reads at 100,000 affected customers");
  await benchIncidentReads(DRIVERS.includes("postgres") ? PG_URL : undefined);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
