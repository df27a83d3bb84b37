/**
 * Who is calling /api/extension/v1: the agent token in `Authorization: Bearer brx_…`.
 *
 * One statement per call finds the live token, its member's current role, the user and the
 * workspace. Nothing is cached, so a revoked token, a removed member or a changed role counts
 * from the very next call on every app instance.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { extensionToken, member, organization, user } from "@/db/schema";
import { bearerToken, noteUse } from "@/server/api/auth";
import { hashApiKey } from "@/server/apikeys";
import { hasRole, isRole, type Role } from "@/server/auth/roles";
import { forbidden, unauthorized } from "@/server/errors";

export interface ExtensionCaller {
  tokenId: string;
  tokenName: string;
  tokenCreatedAt: Date;
  workspace: { id: string; slug: string; name: string };
  user: { id: string; name: string; email: string };
  role: Role;
}

/** Longer than any token: such a header is not looked up at all. */
const MAX_TOKEN_LENGTH = 200;

/**
 * The caller's live token and membership. Missing, unknown or revoked token, or one whose
 * owner is no longer a member → unauthorized (401); a role below `minRole` → forbidden (403).
 */
export async function authenticateToken(
  db: DbOrTx,
  req: Request,
  minRole: Role,
  now: Date = new Date(),
): Promise<ExtensionCaller> {
  const token = bearerToken(req);
  if (!token) {
    throw unauthorized("Missing agent token: send it as `Authorization: Bearer brx_…`.");
  }
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized("Invalid or revoked agent token.");
  const [row] = await db
    .select({
      tokenId: extensionToken.id,
      tokenName: extensionToken.name,
      tokenCreatedAt: extensionToken.createdAt,
      lastUsedAt: extensionToken.lastUsedAt,
      workspaceId: organization.id,
      workspaceSlug: organization.slug,
      workspaceName: organization.name,
      userId: user.id,
      userName: user.name,
      userEmail: user.email,
      role: member.role,
    })
    .from(extensionToken)
    .innerJoin(
      member,
      and(
        eq(member.organizationId, extensionToken.workspaceId),
        eq(member.userId, extensionToken.userId),
      ),
    )
    .innerJoin(user, eq(user.id, extensionToken.userId))
    .innerJoin(organization, eq(organization.id, extensionToken.workspaceId))
    .where(and(eq(extensionToken.hash, hashApiKey(token)), isNull(extensionToken.revokedAt)))
    .limit(1);
  if (!row || !isRole(row.role)) throw unauthorized("Invalid or revoked agent token.");
  if (!hasRole(row.role, minRole)) {
    throw forbidden(`This needs the ${minRole} role or higher; you are ${row.role}.`);
  }
  await noteUse(db, extensionToken, { id: row.tokenId, lastUsedAt: row.lastUsedAt }, now);
  return {
    tokenId: row.tokenId,
    tokenName: row.tokenName,
    tokenCreatedAt: row.tokenCreatedAt,
    workspace: { id: row.workspaceId, slug: row.workspaceSlug, name: row.workspaceName },
    user: { id: row.userId, name: row.userName, email: row.userEmail },
    role: row.role,
  };
}
