/**
 * Figures for the extension's lookup (issue 12: 50 identifiers in < 50 ms p95 with 200,000
 * customers and 20 active incidents). Seeds one workspace: 200,000 customers with a contact
 * each, 20 active incidents — 10 of them with an audience segment (an equality the attributes
 * index answers, an equality plus a version range, a numeric range no index helps) — each with
 * 2,000 to 10,000 customers observed failing, 20 added by hand and 50 excluded, and a sent
 * status update on every other one. Then prints p50/p95 of
 *
 *   - lookupCustomers: the two statements for 50 identifiers (40 addresses, 10 external ids,
 *     a fresh random pick each run, most of them in some incident's audience);
 *   - POST /api/extension/v1/lookup as the route calls it: the token check, the lookup and
 *     the JSON answer.
 *
 *   npm run bench:extension                                  # PGlite, then PostgreSQL if a URL is set
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:extension
 *   BENCH_CUSTOMERS=50000 BENCH_RUNS=50 BENCH_DRIVERS=pglite npm run bench:extension
 *
 * PostgreSQL runs on BENCH_DATABASE_URL, else TEST_DATABASE_URL, in a fresh database that is
 * dropped afterwards; without either only PGlite is measured.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { openPglite, type OpenDb } from "@/db/client";
import { onScratchPostgres } from "./scratch-db";
import { member, organization, user } from "@/db/schema";
import { excludeCustomers, setAudienceSegment } from "@/server/audience/service";
import { lookupApi } from "@/server/extension/api";
import { lookupCustomers } from "@/server/extension/lookup";
import type { Identifier } from "@/server/extension/schemas";
import { createToken } from "@/server/extension/tokens";
import { queryRows } from "@/server/ingest/sql";
import { createSegment, type RuleInput } from "@/server/segments";
import { timeRuns } from "./runs";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const INCIDENTS = 20;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const DRIVERS = (process.env.BENCH_DRIVERS ?? "pglite,postgres").split(",");

const RULES: RuleInput[] = [
  { conditions: [{ attribute: "region", op: "equals", value: "eu-west-1" }] },
  {
    conditions: [
      { attribute: "plan", op: "equals", value: "enterprise" },
      { attribute: "app_version", op: "version_between", min: "5.3.0" },
    ],
  },
  { conditions: [{ attribute: "seats", op: "between", min: 50, max: 150 }] },
];

async function seed(db: OpenDb["db"], workspaceId: string) {
  await db.insert(organization).values({ id: workspaceId, name: "Measure", slug: workspaceId });
  const userId = `${workspaceId}-agent`;
  await db.insert(user).values({ id: userId, name: "Ada", email: `${userId}@example.com` });
  await db
    .insert(member)
    .values({ id: `${userId}-m`, organizationId: workspaceId, userId, role: "responder" });
  await db.execute(sql`
    insert into customer (workspace_id, external_id, name, attributes)
    select ${workspaceId}, 'cus_' || i, 'Customer ' || i, jsonb_build_object(
      'region', (array['us-east-1','us-west-2','eu-west-1','eu-central-1','ap-south-1'])[1 + (hashint4(i) & 1023) % 5],
      'plan', (array['free','pro','business','enterprise'])[1 + (hashint4(i * 3) & 1023) % 4],
      'app_version', (array['5.2.1','5.3.0','5.3.2','5.4.0','5.10.0'])[1 + (hashint4(i * 5) & 1023) % 5],
      'seats', 1 + (hashint4(i * 7) & 1023) % 200)
    from generate_series(1, ${CUSTOMERS}) i`);
  await db.execute(sql`
    insert into contact (workspace_id, customer_id, email, name)
    select ${workspaceId}, id, 'ops+' || id || '@example.com', 'Contact ' || id
    from customer where workspace_id = ${workspaceId}`);
  const incidentIds: string[] = [];
  for (let n = 1; n <= INCIDENTS; n++) {
    const [inc] = await queryRows<{ id: string }>(
      db,
      sql`insert into incident (workspace_id, number, title, status, started_at)
          values (${workspaceId}, ${n}, ${`Measure ${n}`},
                  ${["investigating", "identified", "monitoring"][n % 3]}::incident_status,
                  now() - make_interval(mins => ${n * 7}))
          returning id`,
    );
    incidentIds.push(inc.id);
    const observed = 2_000 + ((n * 2_731) % 8_000);
    await db.execute(sql`
      insert into incident_customer (workspace_id, incident_id, customer_id, source, first_seen_at, last_seen_at, event_count)
      select ${workspaceId}, ${inc.id}, id, 'observed', now(), now(), 1 from customer
      where workspace_id = ${workspaceId}
      order by hashint4(id::int # ${n}) limit ${observed}`);
    await db.execute(sql`
      insert into incident_customer (workspace_id, incident_id, customer_id, source)
      select ${workspaceId}, ${inc.id}, id, 'manual' from customer c
      where workspace_id = ${workspaceId} and not exists (
        select 1 from incident_customer ic where ic.incident_id = ${inc.id} and ic.customer_id = c.id)
      order by hashint4(id::int # ${n * 31}) limit 20`);
    await db.execute(sql`
      update incident set affected_customer_count =
        (select count(*) from incident_customer where incident_id = ${inc.id})
      where id = ${inc.id}`);
    if (n % 2 === 0) {
      await db.execute(sql`
        insert into status_update (workspace_id, incident_id, number, status, title, body, audience, reach, state, sent_at)
        values (${workspaceId}, ${inc.id}, 1, 'identified', 'We found the cause',
                'A bad deploy; **rolling back**.', '{"kind":"incident"}', 'audience', 'sent', now())`);
    }
  }
  for (let n = 0; n < 10; n++) {
    const s = await createSegment(db, {
      workspaceId,
      actorId: null,
      name: `Segment ${n}`,
      rule: RULES[n % RULES.length],
    });
    await setAudienceSegment(db, {
      workspaceId,
      incidentId: incidentIds[n],
      actorId: null,
      segmentId: s.id,
    });
  }
  for (const [n, incidentId] of incidentIds.entries()) {
    const excluded = await queryRows<{ id: number }>(
      db,
      sql`select customer_id as id from incident_customer where incident_id = ${incidentId}
          order by hashint4(customer_id::int # ${n}) limit 50`,
    );
    await excludeCustomers(db, {
      workspaceId,
      incidentId,
      actorId: null,
      customerIds: excluded.map((r) => Number(r.id)),
    });
  }
  // What autovacuum (PostgreSQL) and the worker's analyze (PGlite) leave in a live workspace.
  for (const table of ["customer", "contact", "incident_customer", "incident"]) {
    await db.execute(sql.raw(`vacuum analyze ${table}`));
  }
  const token = await createToken(db, { workspaceId, userId, name: "bench", origin: "pasted" });
  return token.token;
}

/** 50 identifiers: 40 addresses (some in other case), 10 external ids, a few naming nobody. */
function identifiers(): Identifier[] {
  const pick = () => 1 + Math.floor(Math.random() * CUSTOMERS);
  return Array.from({ length: 50 }, (_, i): Identifier => {
    if (i >= 47) return { kind: "email", value: `nobody${i}@example.com` };
    if (i % 5 === 4) return { kind: "external_id", value: `cus_${pick()}` };
    const email = `ops+${pick()}@example.com`;
    return { kind: "email", value: i % 3 ? email : email.toUpperCase() };
  });
}

function lookupRequest(token: string) {
  return new Request("http://localhost/api/extension/v1/lookup", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ identifiers: identifiers() }),
  });
}

async function measure(fn: () => Promise<unknown>) {
  const { p50, p95 } = await timeRuns(RUNS, fn);
  return `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`;
}

async function runOn(driver: string, open: OpenDb) {
  const db = open.db;
  const workspaceId = `measure-${randomBytes(4).toString("hex")}`;
  const t = performance.now();
  const token = await seed(db, workspaceId);
  console.log(
    `\n## ${driver}: ${CUSTOMERS.toLocaleString("en-US")} customers, ${INCIDENTS} active incidents ` +
      `(10 with a segment), seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const sample = await lookupCustomers(db, workspaceId, identifiers());
  const inSome = sample.filter((m) => m.incidents.length > 0).length;
  const pairs = sample.reduce((s, m) => s + m.incidents.length, 0);
  console.log(
    `a sample of 50 identifiers: ${sample.length} customers found, ${inSome} in some incident's ` +
      `audience, ${pairs} (customer, incident) pairs`,
  );
  console.log(
    `lookupCustomers, 50 identifiers          ${await measure(() => lookupCustomers(db, workspaceId, identifiers()))}`,
  );
  console.log(
    `POST /api/extension/v1/lookup (handler)  ${await measure(async () => {
      const res = await lookupApi(db, lookupRequest(token));
      if (res.status !== 200) throw new Error(`lookup answered ${res.status}: ${await res.text()}`);
      await res.text();
    })}`,
  );
}

async function main() {
  if (DRIVERS.includes("pglite")) {
    const lite = await openPglite();
    try {
      await runOn("PGlite", lite);
    } finally {
      await lite.close();
    }
  }
  if (!DRIVERS.includes("postgres") || !PG_URL) return;
  await onScratchPostgres(PG_URL, "blastradius_bench", (pg) => runOn("PostgreSQL", pg));
}

await main();
