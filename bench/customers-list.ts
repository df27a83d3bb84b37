/**
 * `npm run bench:customers` — seeds 200,000 customers (attributes, 1–2 contacts, last-seen
 * times) into a fresh PGlite database and a fresh PostgreSQL database, then prints p50/p95 of
 * the customers list query (rows + capped count, exactly what the page asks for) with and
 * without filters and search, and of the attribute-keys query behind the filter chips.
 *
 *   npm run bench:customers                      # both drivers
 *   BENCH_DRIVERS=pglite npm run bench:customers
 *   BENCH_CUSTOMERS=50000 BENCH_DATABASE_URL=postgres://… npm run bench:customers
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openPglite, openPostgres, type Db, type OpenDb } from "@/db/client";
import { organization } from "@/db/schema";
import {
  attributeKeys,
  listCustomers,
  writeCustomers,
  type CustomerListInput,
  type CustomerWrite,
} from "@/server/customers";
import { refreshPlannerStatistics } from "@/server/worker";
import { timeRuns } from "./runs";

const TOTAL = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PG_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const DRIVERS = (process.env.BENCH_DRIVERS ?? "pglite,postgres").split(",");

// A small deterministic generator, so both databases hold the same directory.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const weighted = <T>(xs: readonly [T, number][]) => {
  let r = rand() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [x, w] of xs) if ((r -= w) <= 0) return x;
  return xs[0][0];
};

const REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-1",
  "ap-northeast-1",
  "sa-east-1",
  "ca-central-1",
];
const WORDS = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark",
  "Wayne",
  "Wonka",
  "Tyrell",
  "Cyberdyne",
  "Soylent",
  "Vandelay",
  "Pied",
  "Piper",
  "Aperture",
  "Black",
  "Mesa",
  "Oscorp",
  "Gringotts",
  "Nakatomi",
];
const SUFFIX = ["Inc", "GmbH", "Ltd", "Labs", "Systems", "Group", "AG", "Co"];
const DOMAINS = ["gmail.com", "outlook.com", "example.com", "corp.io", "mail.de"];

function makeCustomer(i: number, now: number): CustomerWrite {
  const region = pick(REGIONS);
  const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(SUFFIX)}`;
  const contacts = [
    {
      email: `ops${i}@${pick(DOMAINS)}`,
      name: `Ops ${i}`,
      locale: pick(["en", "de-DE", "fr", "ja"]),
    },
  ];
  if (rand() < 0.4)
    contacts.push({ email: `cto${i}@${pick(DOMAINS)}`, name: `CTO ${i}`, locale: "en" });
  return {
    externalId: `cus_${String(i).padStart(7, "0")}`,
    name: rand() < 0.95 ? name : undefined,
    attributes: {
      plan: weighted([
        ["free", 50],
        ["pro", 30],
        ["business", 15],
        ["enterprise", 5],
      ] as const),
      region,
      cluster: `${region}-${Math.floor(rand() * 3) + 1}`,
      app_version: `4.${Math.floor(rand() * 10)}.${Math.floor(rand() * 3)}`,
      platform: weighted([
        ["web", 60],
        ["ios", 25],
        ["android", 15],
      ] as const),
      seats: Math.floor(rand() * 200) + 1,
      sso: rand() < 0.2,
    },
    contacts,
    seenAt: rand() < 0.7 ? new Date(now - Math.floor(rand() * 30 * 86_400_000)) : undefined,
  };
}

async function seedDirectory(db: Db, workspaceId: string): Promise<number> {
  seed = 42;
  const now = Date.now();
  const start = performance.now();
  for (let i = 0; i < TOTAL; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, TOTAL - i) }, (_, j) =>
      makeCustomer(i + j, now),
    );
    await db.transaction((tx) => writeCustomers(tx, workspaceId, batch));
  }
  return TOTAL / ((performance.now() - start) / 1000);
}

async function pageAt(db: Db, ws: string, input: CustomerListInput, pages: number) {
  let cursor: string | undefined;
  for (let i = 0; i < pages; i++) {
    cursor = (await listCustomers(db, ws, { ...input, cursor })).nextCursor ?? undefined;
  }
  return cursor;
}

async function runOn(driver: string, open: OpenDb) {
  const db = open.db;
  const ws = process.env.BENCH_KEEP_DB ? "bench" : `bench-${randomBytes(4).toString("hex")}`;
  await db.insert(organization).values({ id: ws, name: "Bench", slug: ws });
  console.log(`\n## ${driver}: seeding ${TOTAL.toLocaleString("en-US")} customers…`);
  const rate = await seedDirectory(db, ws);
  console.log(
    `seeded at ${Math.round(rate).toLocaleString("en-US")} customers/s (batches of 1,000 via writeCustomers)`,
  );
  const deep = await pageAt(db, ws, { sort: "name", pageSize: 100 }, 50);
  const cases: [string, () => Promise<unknown>][] = [
    ["first page, sort name (25)", () => listCustomers(db, ws, { pageSize: 25 })],
    [
      "page 51, sort name (100/page, cursor)",
      () => listCustomers(db, ws, { sort: "name", pageSize: 100, cursor: deep }),
    ],
    ["sort last seen desc", () => listCustomers(db, ws, { sort: "lastSeen", dir: "desc" })],
    ["sort created desc", () => listCustomers(db, ws, { sort: "created", dir: "desc" })],
    [
      "sort external id asc (100)",
      () => listCustomers(db, ws, { sort: "externalId", pageSize: 100 }),
    ],
    [
      "filter plan=enterprise (~5%)",
      () => listCustomers(db, ws, { filters: [{ key: "plan", value: "enterprise" }] }),
    ],
    [
      "filter plan=pro, region=eu-west-1, platform=ios",
      () =>
        listCustomers(db, ws, {
          filters: [
            { key: "plan", value: "pro" },
            { key: "region", value: "eu-west-1" },
            { key: "platform", value: "ios" },
          ],
        }),
    ],
    [
      "filter plan=free (~50%), sort last seen",
      () =>
        listCustomers(db, ws, {
          filters: [{ key: "plan", value: "free" }],
          sort: "lastSeen",
          dir: "desc",
        }),
    ],
    ["search name 'wonka' (broad)", () => listCustomers(db, ws, { search: "wonka" })],
    [
      "search external id 'cus_0123456' (one)",
      () => listCustomers(db, ws, { search: "cus_0123456" }),
    ],
    ["search email 'cto777@' (few)", () => listCustomers(db, ws, { search: "cto777@" })],
    [
      "search 'no-such-customer' (none)",
      () => listCustomers(db, ws, { search: "no-such-customer" }),
    ],
    [
      "search 'acme' + filter plan=business",
      () =>
        listCustomers(db, ws, { search: "acme", filters: [{ key: "plan", value: "business" }] }),
    ],
    ["attributeKeys (filter chips)", () => attributeKeys(db, ws)],
    [
      "exact count(*) of all customers",
      () => db.execute(sql`select count(*) from customer where workspace_id = ${ws}`),
    ],
  ];
  const measure = async () => {
    const out: Record<string, string>[] = [];
    for (const [label, fn] of cases) {
      const { p50, p95 } = await timeRuns(RUNS, fn);
      out.push({ query: label, p50: `${p50.toFixed(1)} ms`, p95: `${p95.toFixed(1)} ms` });
    }
    return out;
  };
  // PGlite has no autovacuum: the embedded app's worker runs ANALYZE a minute after start and
  // every 10 minutes. Measure without statistics first (a bulk import just now), then as the
  // worker (or PostgreSQL's autovacuum) leaves it.
  if (driver.startsWith("PGlite")) {
    console.log(
      "without planner statistics (right after a bulk load, before the worker's ANALYZE):",
    );
    console.table(await measure());
  }
  await db.execute(sql`vacuum customer`);
  await db.execute(sql`vacuum contact`);
  await refreshPlannerStatistics(db);
  const results = await measure();
  const sample = (await listCustomers(db, ws, {})).total;
  console.log(
    `total on the first page: ${sample.exact ? "" : "at least "}${sample.count.toLocaleString("en-US")}`,
  );
  console.log("with planner statistics (after the worker's ANALYZE):");
  console.table(results);
}

async function main() {
  console.log(
    `# customers list benchmark: ${TOTAL.toLocaleString("en-US")} customers, ${RUNS} runs per query`,
  );
  if (DRIVERS.includes("pglite")) {
    const dir = mkdtempSync(path.join(tmpdir(), "br-bench-"));
    const open = await openPglite(dir);
    try {
      await runOn("PGlite (file-backed)", open);
    } finally {
      await open.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (DRIVERS.includes("postgres")) {
    const name = process.env.BENCH_KEEP_DB ?? `blastradius_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const open = await openPostgres(url.toString());
    try {
      await runOn("PostgreSQL", open);
    } finally {
      await open.close();
      if (!process.env.BENCH_KEEP_DB)
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
