/**
 * `npm run bench:notices` — GET /api/v1/notices, the call every page view of every customer's
 * app may make, at a fixed rate from many customer ids. Once on PGlite, once on PostgreSQL
 * (a fresh database each, dropped afterwards).
 *
 *   npm run bench:notices
 *   BENCH_DRIVERS=postgres BENCH_RATE=1000 BENCH_SECONDS=20 npm run bench:notices
 *
 * The data: 200,000 customers with a contact each; 20 active incidents (16 ongoing, 4 resolved
 * within the last 24 hours) and 10 resolved days ago, each with 3 sent updates and one
 * message row per update for the customers it concerned — 2% of all customers per incident,
 * plus 0.5% of customers concerned by every incident: ~45% of customers have notices, the
 * rest get an empty list. Written with set-based SQL (generate_series) in the shape the send
 * path leaves (status_update state 'sent', message rows per update × address), not through
 * the send path itself, which would take minutes for 700,000 message rows.
 *
 * The server: with a production build (NEXT_DIST_DIR, default .next) the app's own entry
 * (scripts/server.ts, what `npm start` runs); without one the same handler on a bare
 * node:http server (bench/notices-server.ts). Never builds anything itself.
 *
 * The load: BENCH_RATE requests/s, evenly paced and open-loop (see `load`), over up to 64
 * keep-alive connections, each request for a random one of
 * the 200,000 customers with its valid hash, for BENCH_SECONDS after a 3 s warm-up. Then the
 * same with If-None-Match: the ETags of 5,000 customers fetched first, then requests for those
 * customers carrying their ETag (what a browser or CDN cache sends): the share of 304s.
 * Printed: p50/p95/p99 latency, errors and non-2xx/3xx answers, the achieved rate, and where
 * the CPU went (app server, PostgreSQL, this client) per request.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPglite, openPostgres, type OpenDb } from "@/db/client";
import { organization } from "@/db/schema";
import { getMessagingSettings } from "@/server/messaging/settings";
import { startCpu, type CpuPerEvent } from "./cpu";

const DRIVERS = (process.env.BENCH_DRIVERS ?? "pglite,postgres").split(",");
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const CONNECTIONS = 64;
const ETAG_CUSTOMERS = 5_000;
const PG_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const root = process.cwd();
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const hasBuild = existsSync(path.join(root, distDir, "BUILD_ID"));
const SERVER = (process.env.BENCH_SERVER ?? (hasBuild ? "next" : "node")) as "next" | "node";

// 1. The data ----------------------------------------------------------------------------

interface Seeded {
  key: string;
  secret: string;
}

const ACTIVE = 20;
const OLD = 10;

async function seed(open: OpenDb): Promise<Seeded> {
  const db = open.db;
  const w = `bench-${randomBytes(6).toString("hex")}`;
  await db.insert(organization).values({ id: w, name: "Bench Cloud", slug: w });
  const started = performance.now();
  await db.execute(sql`
    insert into customer (workspace_id, external_id, name, attributes)
    select ${w}, 'cus_' || g, 'Customer ' || g,
           jsonb_build_object('plan', (array['free','pro','business'])[1 + g % 3])
    from generate_series(1, ${CUSTOMERS}::int) g`);
  await db.execute(sql`
    insert into contact (workspace_id, customer_id, email, locale)
    select workspace_id, id, 'ops@' || external_id || '.example', 'en'
    from customer where workspace_id = ${w}`);
  // Incidents 1–16 ongoing, 17–20 resolved 1–19 h ago, 21–30 resolved 5 days ago.
  await db.execute(sql`
    insert into incident (workspace_id, number, title, severity, status, started_at, resolved_at)
    select ${w}, n, 'Incident ' || n, 'SEV2',
           (case when n <= 16 then 'identified' else 'resolved' end)::incident_status,
           now() - interval '6 days',
           case when n <= 16 then null
                when n <= ${ACTIVE} then now() - (n - 16) * interval '4 hours'
                else now() - interval '5 days' end
    from generate_series(1, ${ACTIVE + OLD}::int) n`);
  await db.execute(sql`
    insert into status_update (workspace_id, incident_id, number, status, title, body, audience,
                               reach, content, state, customer_count, recipient_count,
                               created_at, sent_at)
    select ${w}, i.id, u,
           (case when u < 3 or i.status <> 'resolved' then 'identified' else 'resolved' end)::incident_status,
           'Update ' || u || ' on incident ' || i.number,
           'We found the cause of **incident ' || i.number || '**.' || E'\n\n' ||
             '- Retry failed payments after 10:30 UTC' || E'\n' ||
             '- Read more on [our status page](https://status.example.com)',
           '{"kind":"incident"}'::jsonb, 'audience',
           jsonb_build_object('incidentTitle', 'Incident ' || i.number),
           'sent', 0, 0,
           coalesce(i.resolved_at, now()) - (3 - u) * interval '1 hour',
           coalesce(i.resolved_at, now()) - (3 - u) * interval '1 hour'
    from incident i, generate_series(1, 3) u
    where i.workspace_id = ${w}`);
  // Incident n concerns customers number n, n + 50, n + 100, … and every 200th customer. The
  // customers were numbered in id order by the one insert above, so ids follow from numbers.
  await db.execute(sql`
    insert into message (workspace_id, status_update_id, incident_id, customer_id, email,
                         state, queued_at, sent_at)
    select ${w}, su.id, su.incident_id, b.base + k.g - 1, 'ops@cus_' || k.g || '.example',
           'delivered', su.sent_at, su.sent_at
    from status_update su
    join incident i on i.id = su.incident_id
    cross join (select min(id) as base from customer where workspace_id = ${w}) b
    cross join lateral (
      select g from generate_series(i.number, ${CUSTOMERS}::int, 50) g
      union
      select g from generate_series(200, ${CUSTOMERS}::int, 200) g
    ) k
    where su.workspace_id = ${w}`);
  await db.execute(sql`analyze`);
  const settings = await getMessagingSettings(db, w);
  const [{ n }] = (await queryCount(db, w)) as [{ n: number }];
  console.log(
    `           seeded ${fmt(CUSTOMERS)} customers, ${ACTIVE} active + ${OLD} old incidents × 3 sent updates, ` +
      `${fmt(n)} message rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { key: settings.noticeKey, secret: settings.noticeSecret };
}

async function queryCount(db: OpenDb["db"], w: string) {
  const result = (await db.execute(
    sql`select count(*)::int as n from message where workspace_id = ${w}`,
  )) as unknown;
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}

interface Target {
  label: string;
  env: Record<string, string>;
  seeded: Seeded;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "blastradius-bench-"));
  const open = await openPglite(path.join(dataDir, "pglite"));
  const seeded = await seed(open);
  await open.close(); // the server process owns the folder from here on
  return {
    label: "PGlite",
    env: { DATA_DIR: dataDir },
    seeded,
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
  try {
    const seeded = await seed(open);
    return {
      label: "PostgreSQL",
      env: { DATABASE_URL: url.toString() },
      seeded,
      async cleanup() {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  } finally {
    await open.close();
  }
}

// 2. The server --------------------------------------------------------------------------

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
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  const args =
    SERVER === "next"
      ? [
          "--import",
          "tsx",
          path.join(root, "scripts/server.ts"),
          "-p",
          String(port),
          "-H",
          "127.0.0.1",
        ]
      : ["--import", "tsx", path.join(root, "bench/notices-server.ts")];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout!.resume();
  // Ready when a call without credentials gets the 401 a running route gives. PGlite loads
  // the whole database folder first, which takes minutes at this size.
  for (let i = 0; i < 720; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/notices`);
      if (res.status === 401) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGTERM");
  throw new Error("the server did not answer within 6 minutes");
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

// 3. The load ----------------------------------------------------------------------------

const pathFor = (s: Seeded, n: number) => {
  const id = `cus_${n}`;
  const hash = createHmac("sha256", s.secret).update(id).digest("hex");
  return `/api/v1/notices?customer=${id}&key=${s.key}&hash=${hash}`;
};

interface Run {
  requests: number;
  seconds: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  cpu?: CpuPerEvent;
}

/**
 * An open-loop load at RATE requests/s, evenly paced: request i is due at start + i / RATE
 * and leaves then on one of CONNECTIONS keep-alive sockets (or waits for one). Its latency
 * counts from when it was due, so a slow answer that holds the next requests back shows in
 * their latencies too (no coordinated omission). autocannon was used before; its rate sends
 * each connection's share of a second back to back at the start of the second, so every
 * second began with a burst of RATE requests and the latencies measured the burst.
 */
async function load(
  url: string,
  requests: { path: string; headers?: Record<string, string> }[],
  seconds: number,
  serverPid?: number,
): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const { hostname, port } = new URL(url);
  const total = Math.round(RATE * seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const cpuUntil = startCpu(serverPid);
  const started = performance.now();
  await new Promise<void>((resolveAll) => {
    let settled = 0;
    const settle = () => {
      if (++settled === total) resolveAll();
    };
    const fire = (i: number) => {
      const due = started + (i * 1000) / RATE;
      const r = requests[i % requests.length];
      let timedOut = false;
      const req = http.get(
        { agent, hostname, port, path: r.path, headers: r.headers ?? {}, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            settle();
          });
        },
      );
      req.on("timeout", () => {
        timedOut = true;
        timeouts++;
        req.destroy();
      });
      req.on("error", () => {
        if (!timedOut) errors++;
        settle();
      });
    };
    let sent = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length
      ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
      : NaN;
  return {
    requests: latencies.length,
    seconds: elapsed,
    rate: latencies.length / elapsed,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    errors,
    timeouts,
    statuses,
    cpu: cpuUntil(latencies.length, elapsed),
  };
}

function shuffled(n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function bench(target: Target) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const plain = shuffled(CUSTOMERS).map((n) => ({ path: pathFor(target.seeded, n) }));
  const server = await startServer(target, port);
  try {
    // Sanity: a customer of incident 1 has notices; the answer is what the page would show.
    const probe = await fetch(base + pathFor(target.seeded, 1));
    const body = (await probe.json()) as { notices?: unknown[] };
    if (probe.status !== 200 || !body.notices?.length) {
      throw new Error(`probe failed: HTTP ${probe.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    await load(base, plain.slice(0, 3000), 3);
    const fresh = await load(base, plain, SECONDS, server.pid);
    print(target.label, "every call answered in full", fresh);

    const cached: { path: string; headers: Record<string, string> }[] = [];
    for (const r of plain.slice(0, ETAG_CUSTOMERS)) {
      const res = await fetch(base + r.path);
      await res.arrayBuffer();
      cached.push({ path: r.path, headers: { "if-none-match": res.headers.get("etag") ?? "" } });
    }
    const revalidated = await load(base, cached, SECONDS, server.pid);
    const share = (revalidated.statuses["304"] ?? 0) / Math.max(1, revalidated.requests);
    print(
      target.label,
      `with If-None-Match (${fmt(ETAG_CUSTOMERS)} customers' ETags): ${(share * 100).toFixed(1)}% answered 304`,
      revalidated,
    );
  } finally {
    await stopServer(server);
  }
}

// 4. Output ------------------------------------------------------------------------------

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n));

function print(label: string, what: string, r: Run) {
  const bad = Object.entries(r.statuses)
    .filter(([s]) => s !== "200" && s !== "304")
    .map(([s, n]) => `${fmt(n)}×${s}`);
  const target = r.p95 < 20 && r.errors === 0 && r.timeouts === 0 && bad.length === 0;
  console.log(
    `${label.padEnd(10)} ${what}: ${fmt(r.rate)} req/s achieved of ${fmt(RATE)} ` +
      `(${fmt(r.requests)} in ${r.seconds.toFixed(1)} s); latency p50 ${ms(r.p50)} ms, ` +
      `p95 ${ms(r.p95)} ms, p99 ${ms(r.p99)} ms (from when each request was due); ` +
      `errors ${r.errors}, timeouts ${r.timeouts}, other answers ${bad.length ? bad.join(", ") : "none"} ` +
      `→ target p95 < 20 ms, no errors: ${target ? "met" : "NOT met"}`,
  );
  if (r.cpu) {
    const c = r.cpu;
    console.log(
      `           CPU per request: app server ${fmt(c.serverUs)} µs, PostgreSQL ${fmt(c.postgresUs)} µs, ` +
        `client ${fmt(c.clientsUs)} µs; ${c.cores} cores ${Math.round(c.busy * 100)}% busy ` +
        `(${Math.round(c.stolen * 100)}% taken by the host); load average ${loadavg()[0].toFixed(1)}`,
    );
  }
}

async function main() {
  console.log(
    `Notices benchmark: ${fmt(CUSTOMERS)} customers, ${fmt(RATE)} req/s for ${SECONDS} s, ` +
      `server: ${SERVER === "next" ? `npm start (${distDir}/)` : "node:http + the route handler (no production build found; `npm run build` to measure through Next.js)"}`,
  );
  for (const driver of DRIVERS) {
    const target = driver === "postgres" ? await postgresTarget() : await pgliteTarget();
    try {
      await bench(target);
    } finally {
      await target.cleanup();
    }
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
