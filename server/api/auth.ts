/** Who is calling /api/v1: the workspace API key in `Authorization: Bearer <key>`. */
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKey, type ApiKeyScope } from "@/db/schema";
import { findApiKey } from "@/server/apikeys";
import { forbidden, unauthorized } from "@/server/errors";

export interface ApiCaller {
  keyId: string;
  workspaceId: string;
  scopes: string[];
}

/** last_used_at is a hint for people, so it is written at most once a minute per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

function bearerToken(req: Request): string | null {
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
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiKey)
      .set({ lastUsedAt: now })
      .where(
        and(eq(apiKey.id, key.id), or(isNull(apiKey.lastUsedAt), lt(apiKey.lastUsedAt, cutoff))),
      );
  }
  return { keyId: key.id, workspaceId: key.workspaceId, scopes: key.scopes };
}
