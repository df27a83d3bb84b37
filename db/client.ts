/**
 * The one place that chooses the database: embedded PGlite (data in DATA_DIR) by default,
 * a real PostgreSQL server when DATABASE_URL is set. The database is opened lazily on the
 * first `getDb()` call — never at import time and never during `next build` — and
 * migrations are applied once per process before the first query.
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";
import { env } from "@/server/env";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

/** A statement straight to the embedded database's own client: its rows, as PGlite parses them. */
export type EmbeddedQuery = <T>(text: string, params: unknown[]) => Promise<T[]>;
const embeddedClients = new WeakMap<object, EmbeddedQuery>();

/**
 * PGlite's own client when `db` is an embedded database opened by `openPglite` (not a
 * transaction, not PostgreSQL), else null. For the hottest reads only (see `hotRows`).
 */
export function embeddedQuery(db: DbOrTx): EmbeddedQuery | null {
  return embeddedClients.get(db) ?? null;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export interface OpenDb {
  db: Db;
  driver: "pglite" | "postgres";
  /**
   * Calls `onNotify` on every NOTIFY on `channel` (from any connection, after its commit);
   * answers the function that stops listening. PostgreSQL holds one extra connection for it.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Opens a PostgreSQL connection pool and migrates it. Several processes may call this at once. */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<OpenDb> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  // Serialise migrations across app instances and workers starting together: one
  // connection holds a session-level advisory lock while it migrates.
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(727274)`;
    await migrate(drizzle(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await migrator`select pg_advisory_unlock(727274)`;
  } finally {
    await migrator.end();
  }
  return {
    db,
    driver: "postgres",
    async listen(channel, onNotify) {
      const { unlisten } = await client.listen(channel, () => onNotify());
      return unlisten;
    },
    close: () => client.end(),
  };
}

/** Opens (or creates) an embedded PGlite database; `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<OpenDb> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  embeddedClients.set(db, async <T>(text: string, params: unknown[]) => {
    const result = await client.query<T>(text, params);
    return result.rows;
  });
  return {
    db: db as unknown as Db,
    driver: "pglite",
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, () => onNotify());
      return () => unlisten();
    },
    close: () => client.close(),
  };
}

const globalForDb = globalThis as unknown as { __blastradiusDb?: Promise<OpenDb> };

/** The process-wide database, opened and migrated on first use (cached across hot reloads). */
export function openAppDb(): Promise<OpenDb> {
  if (!globalForDb.__blastradiusDb) {
    const e = env();
    globalForDb.__blastradiusDb = (
      e.DATABASE_URL ? openPostgres(e.DATABASE_URL) : openPglite(path.resolve(e.DATA_DIR, "pglite"))
    ).catch((err) => {
      globalForDb.__blastradiusDb = undefined;
      throw err;
    });
  }
  return globalForDb.__blastradiusDb;
}

export async function getDb(): Promise<Db> {
  return (await openAppDb()).db;
}
