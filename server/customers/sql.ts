/**
 * `db.execute()` answers differ by driver: postgres-js returns the rows as an array,
 * PGlite returns `{ rows }`. Raw statements in this folder read their rows through here.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  if (Array.isArray(rows)) return rows as T[];
  throw new Error("Unexpected result shape from db.execute()");
}
