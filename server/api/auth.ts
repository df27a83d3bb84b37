/** Who is calling /api/v1: the workspace API key in `Authorization: Bearer <key>`. */
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { apiKey, type ApiKeyScope } from "@/db/schema";
import { findApiKey } from "@/server/apikeys";
import { forbidden, unauthorized } from "@/server/errors";

export interface ApiCaller {
  keyId: string;
  workspaceId: string;
  scopes: string[];
}

/** last_used_at is a hint for people, so it is written at most once a minute per credential. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The credential in `Authorization: Bearer <credential>`, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Resolves the caller's API key and checks it has `scope` (or, given a list, any one of them).
 * Missing or unknown/revoked key → unauthorized (401); key without the scope → forbidden (403).
 */
export async function authenticate(
  db: DbOrTx,
  req: Request,
  scope: ApiKeyScope | readonly ApiKeyScope[],
  now: Date = new Date(),
): Promise<ApiCaller> {
  const token = bearerToken(req);
  if (!token) {
    throw unauthorized("Missing API key: send it as `Authorization: Bearer <key>`.");
  }
  const key = await findApiKey(db, token);
  if (!key) throw unauthorized("Invalid or revoked API key.");
  const wanted: readonly ApiKeyScope[] = typeof scope === "string" ? [scope] : scope;
  if (!wanted.some((s) => key.scopes.includes(s))) {
    throw forbidden(
      `This API key does not have the ${wanted.map((s) => `"${s}"`).join(" or ")} scope.`,
    );
  }
  await noteUse(db, apiKey, key, now);
  return { keyId: key.id, workspaceId: key.workspaceId, scopes: key.scopes };
}

/**
 * Sets a credential's `last_used_at` (a table with `id` and `last_used_at`: API keys, agent
 * tokens) when it is older than LAST_USED_RESOLUTION_MS; of racing requests only one writes.
 */
export async function noteUse(
  db: DbOrTx,
  table: PgTable,
  credential: { id: string; lastUsedAt: Date | null },
  now: Date,
): Promise<void> {
  const { id, lastUsedAt } = credential;
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  await db.execute(sql`
    update ${table} set last_used_at = ${now.toISOString()}::timestamptz
    where id = ${id} and (last_used_at is null or last_used_at < ${cutoff}::timestamptz)`);
}
