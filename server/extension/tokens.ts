/**
 * Agent tokens of the support extension (docs/extension.md): personal, one per connected
 * browser, `brx_<40 base62 chars>`. Like API keys (server/apikeys) only the SHA-256 is kept,
 * with a short prefix to tell tokens apart; the secret is returned once, by `createToken`.
 *
 * A token belongs to a member of a workspace and acts with that member's role as it is at each
 * call (auth.ts reads the membership every time), so a demoted member's tokens lose rights at
 * once and a removed member's tokens stop working even before `revokeMemberTokens` runs.
 */
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { extensionToken, user } from "@/db/schema";
import { generateApiKey } from "@/server/apikeys";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { conflict, notFound } from "@/server/errors";
import { isUuid } from "@/server/incidents/aggregates";
import { parseInput } from "@/server/segments/validate";

/** The kind of secret: `brx_…`. */
export const TOKEN_KIND = "brx";

export const TOKEN_ORIGINS = ["connect", "pasted"] as const;
export type TokenOrigin = (typeof TOKEN_ORIGINS)[number];

/** Live tokens one member may hold in one workspace: plenty for every browser they use. */
export const MAX_LIVE_TOKENS_PER_MEMBER = 50;

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "Give the token a name, e.g. the browser and computer it is for.")
  .max(80, "A name is at most 80 characters.")
  .refine(isStorableText, UNSTORABLE_TEXT);

export interface CreatedToken {
  id: string;
  name: string;
  prefix: string;
  origin: TokenOrigin;
  createdAt: Date;
  /** The whole secret: returned here once and never again. */
  token: string;
}

/** Creates a token for a member (the caller has checked the membership). */
export async function createToken(
  db: DbOrTx,
  input: { workspaceId: string; userId: string; name: string; origin: TokenOrigin },
): Promise<CreatedToken> {
  const name = parseInput(tokenNameSchema, input.name, "name");
  const [{ live }] = await db
    .select({ live: count() })
    .from(extensionToken)
    .where(
      and(
        eq(extensionToken.workspaceId, input.workspaceId),
        eq(extensionToken.userId, input.userId),
        isNull(extensionToken.revokedAt),
      ),
    );
  if (live >= MAX_LIVE_TOKENS_PER_MEMBER) {
    throw conflict(
      `You have ${MAX_LIVE_TOKENS_PER_MEMBER} live extension tokens in this workspace; revoke the ones you no longer use first.`,
    );
  }
  const { key, prefix, hash } = generateApiKey(TOKEN_KIND);
  const [row] = await db
    .insert(extensionToken)
    .values({
      workspaceId: input.workspaceId,
      userId: input.userId,
      name,
      prefix,
      hash,
      origin: input.origin,
    })
    .returning({
      id: extensionToken.id,
      name: extensionToken.name,
      prefix: extensionToken.prefix,
      createdAt: extensionToken.createdAt,
    });
  return { ...row, origin: input.origin, token: key };
}

export interface TokenListItem {
  id: string;
  name: string;
  prefix: string;
  origin: string;
  owner: { id: string; name: string; email: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * A workspace's tokens for the settings page, live ones first, newest first: the member's own,
 * or everyone's (`everyone`, for admins). Never the secret or its hash.
 */
export async function listTokens(
  db: DbOrTx,
  workspaceId: string,
  opts: { userId: string; everyone: boolean },
): Promise<TokenListItem[]> {
  const rows = await db
    .select({
      id: extensionToken.id,
      name: extensionToken.name,
      prefix: extensionToken.prefix,
      origin: extensionToken.origin,
      ownerId: extensionToken.userId,
      ownerName: user.name,
      ownerEmail: user.email,
      createdAt: extensionToken.createdAt,
      lastUsedAt: extensionToken.lastUsedAt,
      revokedAt: extensionToken.revokedAt,
    })
    .from(extensionToken)
    .innerJoin(user, eq(user.id, extensionToken.userId))
    .where(
      and(
        eq(extensionToken.workspaceId, workspaceId),
        opts.everyone ? undefined : eq(extensionToken.userId, opts.userId),
      ),
    )
    .orderBy(sql`${extensionToken.revokedAt} is not null`, desc(extensionToken.createdAt))
    .limit(1000);
  return rows.map(({ ownerId, ownerName, ownerEmail, ...t }) => ({
    ...t,
    owner: { id: ownerId, name: ownerName, email: ownerEmail },
  }));
}

/**
 * Revokes a token of this workspace at once (auth.ts stops finding it on the next call, on
 * every instance: it reads the row each time). Its owner may, and an admin may revoke anyone's
 * (`asAdmin`); any other token is not found. Idempotent: the first revocation time stays.
 */
export async function revokeToken(
  db: DbOrTx,
  input: { workspaceId: string; tokenId: string; userId: string; asAdmin: boolean },
): Promise<{ id: string; revokedAt: Date | null }> {
  if (!isUuid(input.tokenId)) throw notFound("Extension token");
  const [row] = await db
    .update(extensionToken)
    .set({ revokedAt: sql`coalesce(${extensionToken.revokedAt}, now())` })
    .where(
      and(
        eq(extensionToken.id, input.tokenId),
        eq(extensionToken.workspaceId, input.workspaceId),
        input.asAdmin ? undefined : eq(extensionToken.userId, input.userId),
      ),
    )
    .returning({ id: extensionToken.id, revokedAt: extensionToken.revokedAt });
  if (!row) throw notFound("Extension token");
  return row;
}

/** Revokes every live token of a member of a workspace: they were removed from it. */
export async function revokeMemberTokens(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
): Promise<number> {
  const rows = await db
    .update(extensionToken)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(extensionToken.workspaceId, workspaceId),
        eq(extensionToken.userId, userId),
        isNull(extensionToken.revokedAt),
      ),
    )
    .returning({ id: extensionToken.id });
  return rows.length;
}
