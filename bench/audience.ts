/**
 * Figures for the audience and segment preview at scale: seeds a workspace of 200,000
 * customers and an incident with 100,000 affected (observed) customers, 20 added by hand and
 * 50 exclusions, then prints p50/p95 of resolveAudience (the counts statement), the members'
 * first and 21st page, and previewRule, for three audience rules: one equality (answered by the
 * attributes GIN index), equality plus a version range, and a numeric range over half the
 * directory (no index can help: every customer of the workspace is evaluated).
 *
 *   npm run bench:audience                       # in-memory PGlite
 *   MEASURE_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:audience
 *   MEASURE_CUSTOMERS=50000 MEASURE_AFFECTED=20000 MEASURE_RUNS=10 npm run bench:audience
 *
 * With a database URL it creates a fresh database there and drops it afterwards.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { openPglite, type OpenDb } from "@/db/client";
import { onScratchPostgres } from "./scratch-db";
import { organization } from "@/db/schema";
import { queryRows } from "@/server/ingest/sql";
import { createSegment, previewRule, type RuleInput } from "@/server/segments";
import { listAudienceMembers } from "@/server/audience/members";
import { resolveAudience } from "@/server/audience/resolve";
import { excludeCustomers, setAudienceSegment } from "@/server/audience/service";
import { timeRuns } from "./runs";

const CUSTOMERS = Number(process.env.MEASURE_CUSTOMERS ?? 200_000);
const AFFECTED = Number(process.env.MEASURE_AFFECTED ?? 100_000);
const RUNS = Number(process.env.MEASURE_RUNS ?? 20);
const PG_URL = process.env.MEASURE_DATABASE_URL;

const RULES: [string, RuleInput][] = [
  [
    "region = eu-west-1",
    { conditions: [{ attribute: "region", op: "equals", value: "eu-west-1" }] },
  ],
  [
    "region = eu-west-1 · app_version ≥ 5.3.0",
    {
      conditions: [
        { attribute: "region", op: "equals", value: "eu-west-1" },
        { attribute: "app_version", op: "version_between", min: "5.3.0" },
      ],
    },
  ],
  ["seats 50 – 150", { conditions: [{ attribute: "seats", op: "between", min: 50, max: 150 }] }],
];

async function measure(fn: () => Promise<unknown>) {
  const { p50, p95 } = await timeRuns(RUNS, fn);
  return `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`;
}

async function seed(db: OpenDb["db"], workspaceId: string) {
  await db.insert(organization).values({ id: workspaceId, name: "Measure", slug: workspaceId });
  await db.execute(sql`
    insert into customer (workspace_id, external_id, name, attributes)
    select ${workspaceId}, 'cus_' || i, 'Customer ' || i, jsonb_build_object(
      'region', (array['us-east-1','us-west-2','eu-west-1','eu-central-1','ap-south-1'])[1 + (hashint4(i) & 1023) % 5],
      'plan', (array['free','pro','business','enterprise'])[1 + (hashint4(i * 3) & 1023) % 4],
      'app_version', (array['5.2.1','5.3.0','5.3.2','5.4.0','5.10.0'])[1 + (hashint4(i * 5) & 1023) % 5],
      'seats', 1 + (hashint4(i * 7) & 1023) % 200)
    from generate_series(1, ${CUSTOMERS}) i`);
  await db.execute(sql`
    insert into contact (workspace_id, customer_id, email)
    select ${workspaceId}, id, 'ops+' || id || '@example.com' from customer where workspace_id = ${workspaceId}`);
  const [inc] = await queryRows<{ id: string }>(
    db,
    sql`insert into incident (workspace_id, number, title, affected_customer_count)
        values (${workspaceId}, 1, 'Measure', ${AFFECTED + 20}) returning id`,
  );
  // Failing: eu-west-1 first, then anyone, as a regional outage with spill-over looks.
  await db.execute(sql`
    insert into incident_customer (workspace_id, incident_id, customer_id, source, first_seen_at, last_seen_at, event_count)
    select ${workspaceId}, ${inc.id}, id, 'observed', now(), now(), 1 from customer
    where workspace_id = ${workspaceId}
    order by (attributes @> '{"region":"eu-west-1"}') desc, hashint4(id::int) limit ${AFFECTED}`);
  await db.execute(sql`
    insert into incident_customer (workspace_id, incident_id, customer_id, source)
    select ${workspaceId}, ${inc.id}, id, 'manual' from customer c
    where workspace_id = ${workspaceId} and not exists (
      select 1 from incident_customer ic where ic.incident_id = ${inc.id} and ic.customer_id = c.id)
    order by id limit 20`);
  for (const table of ["customer", "contact", "incident_customer"]) {
    await db.execute(sql.raw(`vacuum analyze ${table}`));
  }
  const excluded = await queryRows<{ id: number }>(
    db,
    sql`select id from customer where workspace_id = ${workspaceId} order by hashint4(id::int) limit 50`,
  );
  await excludeCustomers(db, {
    workspaceId,
    incidentId: inc.id,
    actorId: null,
    customerIds: excluded.map((r) => Number(r.id)),
  });
  return inc.id;
}

async function runOn(driver: string, open: OpenDb) {
  const db = open.db;
  const workspaceId = `measure-${randomBytes(4).toString("hex")}`;
  const t = performance.now();
  const incidentId = await seed(db, workspaceId);
  console.log(
    `\n## ${driver}: ${CUSTOMERS.toLocaleString("en-US")} customers, ${AFFECTED.toLocaleString("en-US")} ` +
      `observed + 20 added, 50 excluded (seeded in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  for (const [label, rule] of RULES) {
    const s = await createSegment(db, { workspaceId, actorId: null, name: label, rule });
    await setAudienceSegment(db, { workspaceId, incidentId, actorId: null, segmentId: s.id });
    const audience = await resolveAudience(db, workspaceId, incidentId);
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      cursor = (await listAudienceMembers(db, workspaceId, incidentId, { cursor })).nextCursor;
    }
    const { segment: _s, ...counts } = audience;
    console.log(`\n### ${label}\n${JSON.stringify(counts)}`);
    console.log(
      `audience counts (resolveAudience)   ${await measure(() => resolveAudience(db, workspaceId, incidentId))}`,
    );
    console.log(
      `members, first page of 50          ${await measure(() => listAudienceMembers(db, workspaceId, incidentId))}`,
    );
    console.log(
      `members, 21st page of 50           ${await measure(() => listAudienceMembers(db, workspaceId, incidentId, { cursor }))}`,
    );
    console.log(
      `segment preview (count + 10)       ${await measure(() => previewRule(db, workspaceId, s.rule))}`,
    );
  }
}

async function main() {
  const lite = await openPglite();
  try {
    await runOn("PGlite", lite);
  } finally {
    await lite.close();
  }
  if (!PG_URL) return;
  await onScratchPostgres(PG_URL, "blastradius_measure", (pg) => runOn("PostgreSQL", pg));
}

await main();
