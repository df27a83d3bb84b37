/**
 * Real databases for tests — never a mock. Each test file gets its own fresh, migrated
 * database: in-memory PGlite by default; with TEST_DB_DRIVER=postgres (set by the vitest
 * "postgres" project when TEST_DATABASE_URL is given) a new PostgreSQL database cloned from
 * a migrated template, dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, type OpenDb } from "@/db/client";

/**
 * The migrated template the test databases are cloned from, named after the database in
 * TEST_DATABASE_URL: two runs against different databases of one server (two checkouts, CI
 * beside a developer) never drop each other's template.
 */
export function templateDb(url = process.env.TEST_DATABASE_URL ?? ""): string {
  const name = new URL(url).pathname.slice(1).replace(/[^a-z0-9_]/gi, "_") || "postgres";
  return `${name}_test_template`.slice(0, 63);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function testDriver(): "pglite" | "postgres" {
  return process.env.TEST_DB_DRIVER === "postgres" ? "postgres" : "pglite";
}

/** Creates (once per run, from vitest's global set-up) the migrated template database. */
export async function prepareTemplate(url: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${templateDb(url)} with (force)`);
    await admin.unsafe(`create database ${templateDb(url)}`);
  } finally {
    await admin.end();
  }
  const open = await openPostgres(withDatabase(url, templateDb(url)), { max: 1 });
  await open.close();
}

export async function createTestDb(): Promise<OpenDb> {
  if (testDriver() === "pglite") return openPglite();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DB_DRIVER=postgres needs TEST_DATABASE_URL");
  const name = `blastradius_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${templateDb(url)}`);
  } finally {
    await admin.end();
  }
  const open = await openPostgres(withDatabase(url, name), { max: 5 });
  return {
    ...open,
    async close() {
      await open.close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
