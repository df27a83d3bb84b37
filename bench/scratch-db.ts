/** A throw-away PostgreSQL database for a benchmark run. */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPostgres, type OpenDb } from "@/db/client";

/**
 * Runs `fn` on a fresh, migrated database made on the server `baseUrl` points at (named
 * `<prefix>_<random>`), and drops it afterwards, whatever `fn` did.
 */
export async function onScratchPostgres<T>(
  baseUrl: string,
  prefix: string,
  fn: (open: OpenDb) => Promise<T>,
  opts: { max?: number } = {},
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const open = await openPostgres(url.toString(), { max: opts.max ?? 4 });
    try {
      return await fn(open);
    } finally {
      await open.close();
    }
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
