/**
 * Workspace API keys. A key looks like `br_<40 base62 chars>`; only its SHA-256 is stored,
 * with a short prefix to tell keys apart. Scopes: `ingest` (POST events, PUT customers)
 * and `read` (GET incidents).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKey, type ApiKeyScope } from "@/db/schema";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const bytes = randomBytes(40);
  let body = "";
  for (const b of bytes) body += ALPHABET[b % ALPHABET.length];
  const key = `br_${body}`;
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
