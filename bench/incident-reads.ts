/**
 * `npm run bench:incident-reads` — the incident read side at scale. Seeds, with multi-row
 * SQL, a workspace of 200,000 customers and an incident with 100,000 affected customers and a
 * day of per-minute counts, then prints p50/p95 of:
 *   - GET /api/v1/incidents/{id} through its real handler, with a real Request and API key
 *   - incidents.get (the incident page's main query) through a tRPC caller with a real session
 *   - the list, the affected customers pages, the attribute breakdown and the segment analysis
 *     (each cold and cached)
 *
 * Runs on a fresh in-memory PGlite, and on PostgreSQL too when BENCH_DATABASE_URL (or
 * DATABASE_URL / TEST_DATABASE_URL) is set — in a fresh database created and dropped there.
 *
 *   npm run bench:incident-reads
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:incident-reads
 *   BENCH_CUSTOMERS=50000 BENCH_AFFECTED=20000 BENCH_RUNS=20 npm run bench:incident-reads
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { openPglite, type OpenDb } from "@/db/client";
import { onScratchPostgres } from "./scratch-db";
import { createApiKey } from "@/server/apikeys";
import { createAuth } from "@/server/auth";
import { computeIncidentBreakdown } from "@/server/incidents/breakdown-queries";
import { computeSegmentAnalysis } from "@/server/incidents/segment-analysis";
import {
  getIncidentApi,
  listIncidentCustomersApi,
  listIncidentsApi,
} from "@/server/incidents/read-api";
import { appRouter } from "@/server/trpc/root";
import { createCallerFactory, createContext } from "@/server/trpc/init";
import { timeRuns } from "./runs";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const AFFECTED = Number(process.env.BENCH_AFFECTED ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const TARGET_P95_MS = 100;

interface Row {
  driver: string;
  case: string;
  p50: number;
  p95: number;
  runs: number;
}

/** Seeds the workspace in a handful of set-based statements; returns the incident id. */
async function seed(open: OpenDb, workspaceId: string, userId: string) {
  const db = open.db;
  const t = performance.now();
  // Correlated attributes: clusters live in regions, versions skew by platform.
  await db.execute(sql`
    insert into customer (workspace_id, external_id, name, attributes, last_seen_at)
    select ${workspaceId}, 'cus_' || lpad(i::text, 7, '0'),
           (array['Acme','Globex','Initech','Umbrella','Hooli','Stark','Wayne','Wonka'])[1 + i % 8]
             || ' ' || (array['Inc','GmbH','Ltd','Labs','Systems'])[1 + (i / 8) % 5] || ' ' || i,
           jsonb_build_object(
             'plan', (array['free','free','free','pro','pro','business','enterprise'])[1 + (hashint4(i) & 1023) % 7],
             'region', r.region,
             'cluster', r.region || '-' || (1 + (hashint4(i * 3) & 1023) % 3),
             'app_version', (array['5.2.1','5.3.0','5.3.2','5.4.0'])[1 + (hashint4(i * 5) & 1023) % 4],
             'platform', (array['web','web','web','ios','android'])[1 + (hashint4(i * 7) & 1023) % 5],
             'seats', 1 + (hashint4(i * 11) & 1023) % 200,
             'sso', (hashint4(i * 13) & 1023) % 5 = 0),
           now() - ((hashint4(i * 17) & 1023) || ' minutes')::interval
    from generate_series(1, ${CUSTOMERS}) i
    cross join lateral (select (array['us-east-1','us-west-2','eu-west-1','eu-central-1','ap-south-1'])
                                 [1 + (hashint4(i * 19) & 1023) % 5] as region) r`);
  const [{ id }] = await rows<{ id: string }>(
    open,
    sql`insert into incident (workspace_id, number, title, severity, status, opened_by, started_at,
                              affected_customer_count, event_count, last_event_at)
        values (${workspaceId}, 1, 'Checkout payments time out in eu-west-1', 'SEV1', 'identified',
                ${userId}, now() - interval '1 day', ${AFFECTED}, 0, now())
        returning id`,
  );
  // The hit segment first (eu-west-1 on 5.4.0), then the rest of eu-west-1, then anyone.
  await db.execute(sql`
    insert into incident_customer (workspace_id, incident_id, customer_id, source,
                                   first_seen_at, last_seen_at, event_count)
    select ${workspaceId}, ${id}, c.id, 'observed',
           now() - interval '1 day' + ((hashint4(c.id::int) & 1023) || ' seconds')::interval,
           now() - ((hashint4(c.id::int * 3) & 1023) % 360 || ' minutes')::interval,
           1 + (hashint4(c.id::int * 5) & 1023) % 40
    from customer c
    where c.workspace_id = ${workspaceId}
    order by (c.attributes @> '{"region":"eu-west-1","app_version":"5.4.0"}') desc,
             (c.attributes @> '{"region":"eu-west-1"}') desc, hashint4(c.id::int)
    limit ${AFFECTED}`);
  await db.execute(sql`
    insert into incident_minute (workspace_id, incident_id, minute, events)
    select ${workspaceId}, ${id}, date_trunc('minute', now()) - (m || ' minutes')::interval,
           200 + (hashint4(m) & 1023) % 400
    from generate_series(0, 1439) m`);
  await db.execute(sql`
    update incident set event_count = (select sum(events) from incident_minute where incident_id = ${id})
    where id = ${id}`);
  await db.execute(sql`
    with i as (
      insert into issue (workspace_id, fingerprint, service, error_type, message, first_seen_at,
                         last_seen_at, event_count, customer_count)
      values (${workspaceId}, 'bench', 'checkout', 'PaymentGatewayTimeout',
              'POST /v2/charges timed out after 30000 ms', now() - interval '1 day', now(),
              (select event_count from incident where id = ${id}), ${AFFECTED})
      returning id)
    insert into incident_issue (workspace_id, incident_id, issue_id, attached_by)
    select ${workspaceId}, ${id}, i.id, ${userId} from i`);
  await db.execute(sql`
    insert into incident_activity (workspace_id, incident_id, kind, from_value, to_value, actor_id, at)
    values (${workspaceId}, ${id}, 'opened', null, 'investigating', null, now() - interval '1 day'),
           (${workspaceId}, ${id}, 'severity', 'SEV3', 'SEV1', ${userId}, now() - interval '20 hours'),
           (${workspaceId}, ${id}, 'status', 'investigating', 'identified', ${userId}, now() - interval '2 hours')`);
  // PostgreSQL's autovacuum would do this soon after a bulk load; PGlite has none.
  for (const table of ["customer", "incident_customer", "incident_minute", "incident"]) {
    await db.execute(sql.raw(`vacuum analyze ${table}`));
  }
  return { incidentId: id, seedSeconds: (performance.now() - t) / 1000 };
}

async function rows<T>(open: OpenDb, q: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await open.db.execute(q)) as unknown as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}

async function runOn(driver: string, open: OpenDb): Promise<Row[]> {
  const db = open.db;
  const auth = createAuth(db, { rateLimitStorage: "memory" });
  const email = `bench-${randomBytes(4).toString("hex")}@example.com`;
  const signed = await auth.api.signUpEmail({
    body: { email, password: "correct-horse-battery", name: "Bench Commander" },
    returnHeaders: true,
  });
  const cookie = signed.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const headers = new Headers({ cookie });
  const slug = `bench-${randomBytes(4).toString("hex")}`;
  const org = await auth.api.createOrganization({ body: { name: "Bench", slug }, headers });
  if (!org) throw new Error("workspace not created");
  const key = (
    await createApiKey(db, {
      workspaceId: org.id,
      name: "bench",
      scopes: ["read"],
      createdBy: null,
    })
  ).key;

  console.log(
    `\n## ${driver}: seeding ${CUSTOMERS.toLocaleString("en-US")} customers, ` +
      `${AFFECTED.toLocaleString("en-US")} affected, 1,440 minutes…`,
  );
  const { incidentId, seedSeconds } = await seed(open, org.id, signed.response.user.id);
  console.log(`seeded in ${seedSeconds.toFixed(1)} s`);

  const request = (path: string) =>
    new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } });
  const ok = async (res: Promise<Response>) => {
    const r = await res;
    if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
    return r.json();
  };
  const createCaller = createCallerFactory(appRouter);
  // As the tRPC HTTP adapter does per request: resolve the session, then call.
  const caller = async () => createCaller(await createContext({ db, auth, headers }));
  const ws = { workspace: slug };

  const deepCursor = await (async () => {
    let cursor: string | null = null;
    for (let i = 0; i < 40; i++) {
      cursor = (
        await (await caller()).incidents.customers({ ...ws, incidentId, limit: 25, cursor })
      ).nextCursor;
    }
    return cursor;
  })();

  const cases: [string, () => Promise<unknown>, number?][] = [
    [
      "GET /api/v1/incidents/{id} (REST, 1,440-minute series)",
      () => ok(getIncidentApi(db, request(`/api/v1/incidents/${incidentId}`), { id: incidentId })),
    ],
    [
      "incidents.get (tRPC caller with session)",
      async () => (await caller()).incidents.get({ ...ws, incidentId }),
    ],
    [
      "GET /api/v1/incidents?status=all (REST)",
      () => ok(listIncidentsApi(db, request("/api/v1/incidents?status=all"))),
    ],
    [
      "incidents.list (tRPC)",
      async () => (await caller()).incidents.list({ ...ws, status: "open" }),
    ],
    [
      "incidents.customers: first page by last seen (25)",
      async () => (await caller()).incidents.customers({ ...ws, incidentId, limit: 25 }),
    ],
    [
      "incidents.customers: page 41 by last seen (cursor)",
      async () =>
        (await caller()).incidents.customers({ ...ws, incidentId, limit: 25, cursor: deepCursor }),
    ],
    [
      "incidents.customers: by name (25)",
      async () =>
        (await caller()).incidents.customers({ ...ws, incidentId, sort: "name", limit: 25 }),
    ],
    [
      "incidents.customers: by events (25)",
      async () =>
        (await caller()).incidents.customers({ ...ws, incidentId, sort: "events", limit: 25 }),
    ],
    [
      "incidents.customers: region=eu-west-1 + count",
      async () =>
        (await caller()).incidents.customers({
          ...ws,
          incidentId,
          limit: 25,
          filters: [{ key: "region", value: "eu-west-1" }],
        }),
    ],
    [
      "incidents.customers: search 'cus_00421'",
      async () =>
        (await caller()).incidents.customers({ ...ws, incidentId, limit: 25, search: "cus_00421" }),
    ],
    [
      "GET /api/v1/incidents/{id}/customers?limit=500",
      () =>
        ok(
          listIncidentCustomersApi(
            db,
            request(`/api/v1/incidents/${incidentId}/customers?limit=500`),
            {
              id: incidentId,
            },
          ),
        ),
    ],
    [
      "breakdown, computed (no cache)",
      () => computeIncidentBreakdown(db, org.id, incidentId),
      Math.min(RUNS, 10),
    ],
    [
      "incidents.breakdown (tRPC, ≤ 30 s cache)",
      async () => (await caller()).incidents.breakdown({ ...ws, incidentId }),
    ],
    [
      "segment analysis, computed (no cache)",
      () => computeSegmentAnalysis(db, org.id, incidentId),
      Math.min(RUNS, 10),
    ],
    [
      "incidents.segments (tRPC, cached until the count changes)",
      async () => (await caller()).incidents.segments({ ...ws, incidentId }),
    ],
  ];
  const out: Row[] = [];
  for (const [name, fn, runs] of cases) {
    const r = await timeRuns(runs ?? RUNS, fn);
    out.push({ driver, case: name, ...r });
    console.log(
      `${name.padEnd(58)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms`,
    );
  }
  return out;
}

/** Runs every read case on PGlite, and on PostgreSQL when a server URL is given; prints a table. */
export async function benchIncidentReads(pgUrl: string | undefined = PG_URL) {
  const results: Row[] = [];
  const pglite = await openPglite();
  try {
    results.push(...(await runOn("PGlite", pglite)));
  } finally {
    await pglite.close();
  }
  if (pgUrl) {
    results.push(
      ...(await onScratchPostgres(pgUrl, "blastradius_bench", (pg) => runOn("PostgreSQL", pg))),
    );
  } else {
    console.log("\n(PostgreSQL skipped: set BENCH_DATABASE_URL to include it.)");
  }

  console.log(
    `\n| driver | query | p50 ms | p95 ms | runs |\n|---|---|---:|---:|---:|\n` +
      results
        .map(
          (r) =>
            `| ${r.driver} | ${r.case} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.runs} |`,
        )
        .join("\n"),
  );
  const headline = results.filter((r) =>
    /^GET \/api\/v1\/incidents\/\{id\} \(|^incidents\.get/.test(r.case),
  );
  const miss = headline.filter((r) => r.p95 >= TARGET_P95_MS);
  console.log(
    miss.length
      ? `\nTarget p95 < ${TARGET_P95_MS} ms missed by: ${miss.map((r) => `${r.driver} ${r.case}`).join("; ")}`
      : `\nTarget met: p95 < ${TARGET_P95_MS} ms for GET /api/v1/incidents/{id} and incidents.get on every driver.`,
  );
}

/** The same data for other benchmarks (bench:pages loads the page of this incident). */
export { seed as seedIncidentAtScale, AFFECTED };

// Run directly (`npm run bench:incident-reads`), not when bench:ingest imports it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchIncidentReads().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
