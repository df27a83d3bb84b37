/**
 * `npm run bench:fanout` — one status update to 100,000 recipients, delivered through the local
 * Resend-compatible server (server/testing/resend-server.ts, the real Resend SDK on the
 * workers' side) at a configured limit by two `npm run worker` processes on PostgreSQL, in a
 * fresh database dropped afterwards.
 *
 *   npm run bench:fanout
 *   BENCH_RECIPIENTS=20000 BENCH_RATE=10 BENCH_BATCH=100 BENCH_WORKERS=2 npm run bench:fanout
 *   MEASURE_DATABASE_URL=postgres://… npm run bench:fanout     (default: the local server)
 *   BENCH_WORKER_LOG=1 npm run bench:fanout                     (the workers' own log lines)
 *
 * Seeded in bulk with SQL: customers with one contact each, an incident whose observed
 * customers are all of them, the workspace's approval threshold above the audience. The
 * update then goes through the real send path (createDraft + sendUpdate, server/messaging/
 * updates.ts): one transaction that freezes the content and writes the outbox.
 *
 * Printed: the time from send to all rows queued (target < 10 s); the achieved emails/s from
 * the send's commit to the last email accepted, as a share of the limit (requests/s × batch
 * size; target ≥ 95 %); duplicates and losses by the server's own record (target 0 and 0);
 * the most requests the server saw in any one second; and the CPU the workers spent per email.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { queryRows } from "@/server/ingest/sql";
import { createDraft, sendUpdate } from "@/server/messaging/updates";
import { getMessagingSettings } from "@/server/messaging/settings";
import { startResendServer } from "@/server/testing/resend-server";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const BASE_URL =
  process.env.MEASURE_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** user + system CPU seconds of a process so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = line.slice(line.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return NaN;
  }
}

async function main() {
  const name = `blastradius_fanout_${randomBytes(4).toString("hex")}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const open = await openPostgres(url, { max: 4 });
  const db = open.db;
  const server = await startResendServer();
  const workers: ChildProcess[] = [];
  try {
    // 1. Seed in bulk.
    const seedStart = Date.now();
    const ws = `ws_fanout_${randomBytes(3).toString("hex")}`;
    await db.execute(
      sql`insert into organization (id, name, slug) values (${ws}, 'Fan-out', ${ws})`,
    );
    await db.execute(sql`
      insert into customer (workspace_id, external_id, name, attributes)
      select ${ws}, 'cus_' || i, 'Customer ' || i, '{}'::jsonb from generate_series(1, ${RECIPIENTS}::int) i`);
    await db.execute(sql`
      insert into contact (workspace_id, customer_id, email, name)
      select ${ws}, id, 'ops+' || id || '@example.com', 'Ops ' || id from customer where workspace_id = ${ws}`);
    const [inc] = await queryRows<{ id: string }>(
      db,
      sql`insert into incident (workspace_id, number, title, affected_customer_count)
          values (${ws}, 1, 'Checkout fails in eu-west-1', ${RECIPIENTS}) returning id`,
    );
    await db.execute(sql`
      insert into incident_customer (workspace_id, incident_id, customer_id, source, first_seen_at, last_seen_at, event_count)
      select ${ws}, ${inc.id}, id, 'observed', now(), now(), 1 from customer where workspace_id = ${ws}`);
    await getMessagingSettings(db, ws);
    await db.execute(
      sql`update workspace_messaging set approval_threshold = ${RECIPIENTS * 10} where workspace_id = ${ws}`,
    );
    for (const table of ["customer", "contact", "incident_customer"])
      await db.execute(sql.raw(`vacuum analyze ${table}`));
    console.log(
      `seeded ${fmt(RECIPIENTS)} customers with a contact each in ${fmt((Date.now() - seedStart) / 1000, 1)} s`,
    );

    // 2. The workers, started and beating before the clock runs.
    for (let i = 0; i < WORKERS; i++) {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.join("scripts", "worker.ts")],
        {
          env: {
            ...process.env,
            DATABASE_URL: url,
            RESEND_API_KEY: server.apiKey,
            RESEND_BASE_URL: server.url,
            MAIL_RATE_PER_SECOND: String(RATE),
            MAIL_BATCH_SIZE: String(BATCH),
          },
          // BENCH_WORKER_LOG=1 shows what each worker claims and sends, with timings.
          stdio: ["ignore", process.env.BENCH_WORKER_LOG ? "inherit" : "ignore", "inherit"],
        },
      );
      workers.push(child);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [{ n }] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from worker_heartbeat`,
      );
      if (Number(n) >= WORKERS) break;
      if (Date.now() > deadline) throw new Error("the workers did not start within 60 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    const cpuBefore = workers.map((w) => cpuSeconds(w.pid!));

    // 3. Send through the real send path.
    const draft = await createDraft(db, {
      workspaceId: ws,
      incidentId: inc.id,
      actor: { userId: null, apiKeyName: "bench" },
      fields: {
        status: "investigating",
        title: "Card payments are failing",
        body: "Card payments fail for **some** customers in eu-west-1.\n\n- Retry in a few minutes\n- PayPal works",
        audience: "observed",
      },
    });
    const sendStart = performance.now();
    const sent = await sendUpdate(db, {
      workspaceId: ws,
      updateId: draft.id,
      actor: { userId: null, apiKeyName: "bench" },
    });
    const queuedMs = performance.now() - sendStart;
    const committedAt = Date.now();
    if (sent.state !== "sent") throw new Error(`the update was not sent: ${sent.state}`);
    console.log(
      `send → all ${fmt(sent.recipients)} rows queued: ${fmt(queuedMs)} ms (target < 10,000 ms)`,
    );

    // 4. Wait until every message has an outcome.
    let last = -1;
    for (;;) {
      const [{ open: pending }] = await queryRows<{ open: number }>(
        db,
        sql`select count(*)::int as open from message where status_update_id = ${draft.id} and state in ('queued', 'sending')`,
      );
      if (Number(pending) === 0) break;
      if (Number(pending) !== last && Math.random() < 0.1)
        console.log(
          `  ${fmt(sent.recipients - Number(pending))} delivered, ${fmt(server.sent.length)} accepted by the server`,
        );
      last = Number(pending);
      await new Promise((r) => setTimeout(r, 500));
    }
    const cpuAfter = workers.map((w) => cpuSeconds(w.pid!));
    const lastAccepted = server.sent.at(-1)!.at;
    const seconds = (lastAccepted - committedAt) / 1000;
    const achieved = server.sent.length / seconds;
    const limit = RATE * BATCH;

    // 5. Duplicates and losses, by the server's record.
    const contacts = await queryRows<{ email: string }>(
      db,
      sql`select email from contact where workspace_id = ${ws}`,
    );
    const counts = server.countByAddress();
    const lost = contacts.filter((c) => !counts.has(c.email)).length;
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const states = await queryRows<{ state: string; n: number }>(
      db,
      sql`select state::text, count(*)::int as n from message where status_update_id = ${draft.id} group by state`,
    );
    const ok = server.requests.filter((r) => r.status === 200).map((r) => r.at);
    let maxPerSecond = 0;
    for (let i = 0, j = 0; i < ok.length; i++) {
      while (ok[i] - ok[j] >= 1000) j++;
      maxPerSecond = Math.max(maxPerSecond, i - j + 1);
    }
    const cpu = cpuAfter.reduce((s, c, i) => s + c - cpuBefore[i], 0);
    // Where the time beyond the ideal went: the wait for the first call, and gaps between
    // calls longer than one and a half slots (a slot given up, or no batch ready in time).
    const gapMs = 1000 / RATE;
    const firstCallMs = ok.length ? ok[0] - committedAt : NaN;
    let longGaps = 0;
    let lostMs = 0;
    for (let i = 1; i < ok.length; i++) {
      const gap = ok[i] - ok[i - 1];
      if (gap > 1.5 * gapMs) {
        longGaps++;
        lostMs += gap - gapMs;
      }
    }

    console.log(
      `delivered ${fmt(server.sent.length)} emails in ${fmt(seconds, 1)} s: ${fmt(achieved)} emails/s of a ${fmt(limit)} emails/s limit (${RATE} requests/s × ${BATCH}) = ${fmt((100 * achieved) / limit, 1)} % (target ≥ 95 %)`,
    );
    console.log(
      `duplicates ${duplicates}, losses ${lost} (target 0 and 0); message states: ${states.map((s) => `${s.state} ${fmt(Number(s.n))}`).join(", ")}`,
    );
    console.log(
      `provider calls: ${fmt(server.requests.length)} (${fmt(ok.length)} answered 200); most in any one second: ${maxPerSecond} (limit ${RATE})`,
    );
    console.log(
      `ideal ${fmt(ok.length / RATE, 1)} s; first call ${fmt(firstCallMs)} ms after the send; ${fmt(longGaps)} gaps over ${fmt(1.5 * gapMs)} ms between calls, ${fmt(lostMs / 1000, 1)} s beyond their slot`,
    );
    console.log(
      `worker CPU: ${fmt(cpu, 1)} s for ${WORKERS} workers = ${fmt((cpu * 1e6) / server.sent.length)} µs per email (rendering, composing, recording)`,
    );
  } finally {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null) return resolve();
            w.once("exit", () => resolve());
            w.kill("SIGTERM");
          }),
      ),
    );
    await server.close();
    await open.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
