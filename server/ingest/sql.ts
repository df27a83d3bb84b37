/**
 * Raw-SQL helpers for the bulk statements of the write path. Both drivers (PGlite and
 * postgres-js) take one JSON text parameter the same way, so batches travel as a single
 * `jsonb` value unpacked with `jsonb_to_recordset` — one statement per step, not per row.
 */
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { embeddedQuery, type DbOrTx } from "@/db/client";

/** Runs a raw statement and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const dialect = new PgDialect();

/**
 * `queryRows` for the hottest reads, those every page view of customers' apps makes: on PGlite
 * the statement goes straight to its client. Drizzle asks PGlite for its own type parsers on
 * every statement, which costs the embedded database about 0.2 ms a statement on the app's one
 * thread (bench:notices). PGlite then parses dates into `Date`s, so use it only for statements
 * whose columns are text, numbers, booleans or arrays of them.
 */
export async function hotRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const embedded = embeddedQuery(db);
  if (!embedded) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return embedded<T>(text, params);
}

/** A JSON parameter, cast to jsonb. */
export function jsonb(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/** `(v1, v2, …)` of parameters, for `in` lists; callers never pass an empty list. */
export function list(values: readonly (string | number)[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}
