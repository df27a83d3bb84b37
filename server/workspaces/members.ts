/**
 * Members of a workspace and their roles. A workspace always keeps at least one admin:
 * demoting or removing the last one is refused. The admin rows are locked while deciding,
 * so two admins demoting each other at once cannot leave the workspace without one.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { member, user } from "@/db/schema";
import { isRole, ROLES, type Role } from "@/server/auth/roles";
import { conflict, notFound } from "@/server/errors";
import { revokeMemberTokens } from "@/server/extension/tokens";

export interface WorkspaceMember {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

const RANK = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;

/** Members, admins first, then by name. */
export async function listMembers(db: Db, workspaceId: string): Promise<WorkspaceMember[]> {
  const rows = await db
    .select({
      id: member.id,
      userId: member.userId,
      name: user.name,
      email: user.email,
      role: member.role,
      joinedAt: member.createdAt,
    })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(eq(member.organizationId, workspaceId));
  return rows
    .map((r) => ({ ...r, role: isRole(r.role) ? r.role : "viewer" }))
    .sort((a, b) => RANK[a.role] - RANK[b.role] || a.name.localeCompare(b.name));
}

const lastAdmin = (action: string) =>
  conflict(
    `You cannot ${action} the last admin. Make another member an admin first, so the workspace keeps someone who can manage it.`,
  );

async function lockedMember(tx: Tx, workspaceId: string, memberId: string) {
  // Lock every admin row of the workspace: the last-admin check below reads them.
  const admins = await tx
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.organizationId, workspaceId), eq(member.role, "admin")))
    .for("update");
  const [target] = await tx
    .select({ id: member.id, role: member.role, userId: member.userId })
    .from(member)
    .where(and(eq(member.id, memberId), eq(member.organizationId, workspaceId)))
    .for("update");
  if (!target) throw notFound("Member");
  const isLastAdmin = target.role === "admin" && admins.length <= 1;
  return { target, isLastAdmin };
}

export async function changeMemberRole(
  db: Db,
  workspaceId: string,
  memberId: string,
  role: Role,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { target, isLastAdmin } = await lockedMember(tx, workspaceId, memberId);
    if (target.role === role) return;
    if (isLastAdmin) throw lastAdmin("demote");
    await tx.update(member).set({ role }).where(eq(member.id, target.id));
  });
}

export async function removeMember(db: Db, workspaceId: string, memberId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { target, isLastAdmin } = await lockedMember(tx, workspaceId, memberId);
    if (isLastAdmin) throw lastAdmin("remove");
    await tx.delete(member).where(eq(member.id, target.id));
    // Their extension tokens would be refused anyway (they act as a member); revoke them so
    // that rejoining later does not bring old tokens back to life.
    await revokeMemberTokens(tx, workspaceId, target.userId);
  });
}
