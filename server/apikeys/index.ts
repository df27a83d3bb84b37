/**
 * Workspace API keys. A key looks like `br_<40 base62 chars>`; only its SHA-256 is stored,
 * with a short prefix to tell keys apart. Scopes: `ingest` (POST events, PUT customers)
 * and `read` (GET incidents).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKey, user, type ApiKeyScope } from "@/db/schema";
import { notFound } from "@/server/errors";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * A new secret `<kind>_<40 base62 chars>` with its display prefix and SHA-256: `br` for API
 * keys, `brx` for the support extension's agent tokens (server/extension/tokens.ts).
 */
export function generateApiKey(kind = "br"): { key: string; prefix: string; hash: string } {
  const bytes = randomBytes(40);
  let body = "";
  for (const b of bytes) body += ALPHABET[b % ALPHABET.length];
  const key = `${kind}_${body}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

/** Creates a key and returns it in full — the only time it is ever available. */
export async function createApiKey(
  db: DbOrTx,
  input: { workspaceId: string; name: string; scopes: ApiKeyScope[]; createdBy: string | null },
) {
  const { key, prefix, hash } = generateApiKey();
  const [row] = await db
    .insert(apiKey)
    .values({
      workspaceId: input.workspaceId,
      name: input.name,
      prefix,
      hash,
      scopes: [...new Set(input.scopes)].sort(),
      createdBy: input.createdBy,
    })
    .returning({
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      scopes: apiKey.scopes,
      createdAt: apiKey.createdAt,
    });
  return { ...row, key };
}

/** The live (not revoked) key with this secret, or null. */
export async function findApiKey(db: DbOrTx, key: string) {
  const [row] = await db
    .select({
      id: apiKey.id,
      workspaceId: apiKey.workspaceId,
      scopes: apiKey.scopes,
      lastUsedAt: apiKey.lastUsedAt,
    })
    .from(apiKey)
    .where(and(eq(apiKey.hash, hashApiKey(key)), isNull(apiKey.revokedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * A workspace's keys for the settings page, live ones first. Never the secret or its hash:
 * only the prefix, which is enough to tell keys apart.
 */
export async function listApiKeys(db: DbOrTx, workspaceId: string) {
  return db
    .select({
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      scopes: apiKey.scopes,
      createdBy: user.name,
      createdAt: apiKey.createdAt,
      lastUsedAt: apiKey.lastUsedAt,
      revokedAt: apiKey.revokedAt,
    })
    .from(apiKey)
    .leftJoin(user, eq(user.id, apiKey.createdBy))
    .where(eq(apiKey.workspaceId, workspaceId))
    .orderBy(sql`${apiKey.revokedAt} is not null`, desc(apiKey.createdAt));
}

/** Revokes a key of this workspace at once; findApiKey stops finding it. Idempotent. */
export async function revokeApiKey(db: DbOrTx, workspaceId: string, id: string) {
  const [row] = await db
    .update(apiKey)
    .set({ revokedAt: sql`coalesce(${apiKey.revokedAt}, now())` })
    .where(and(eq(apiKey.id, id), eq(apiKey.workspaceId, workspaceId)))
    .returning({ id: apiKey.id, revokedAt: apiKey.revokedAt });
  if (!row) throw notFound("API key");
  return row;
}
