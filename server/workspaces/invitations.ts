/**
 * Invitations by link. An admin invites an email with a role; better-auth's organization
 * plugin stores the invitation and its id is the secret in the link `/invite/<id>`. The
 * invitee signs up or signs in with that email and accepts. Re-inviting an email replaces
 * its pending invitation (the old link stops working).
 */
import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invitation, organization, user } from "@/db/schema";
import type { Auth } from "@/server/auth";
import { isRole, type Role } from "@/server/auth/roles";
import { notFound } from "@/server/errors";
import { callAuth } from "./auth-errors";

export const invitePath = (id: string) => `/invite/${id}`;

const MESSAGES = {
  USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION:
    "This person is already a member of the workspace.",
  INVITATION_NOT_FOUND: "This invitation is no longer valid: it was revoked, used or has expired.",
  YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION:
    "This invitation was sent to a different email address. Sign in with the invited email.",
};

export async function createInvitation(
  auth: Auth,
  headers: Headers,
  workspaceId: string,
  input: { email: string; role: Role },
) {
  const created = await callAuth(
    () =>
      auth.api.createInvitation({
        body: { email: input.email, role: input.role, organizationId: workspaceId },
        headers,
      }),
    MESSAGES,
  );
  return {
    id: created.id,
    email: created.email,
    role: input.role,
    expiresAt: new Date(created.expiresAt),
    path: invitePath(created.id),
  };
}

/** Pending, unexpired invitations of a workspace, newest first. */
export async function listPendingInvitations(db: Db, workspaceId: string) {
  const rows = await db
    .select({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
      invitedBy: user.name,
    })
    .from(invitation)
    .leftJoin(user, eq(user.id, invitation.inviterId))
    .where(
      and(
        eq(invitation.organizationId, workspaceId),
        eq(invitation.status, "pending"),
        gt(invitation.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitation.createdAt));
  return rows.map((r) => ({
    ...r,
    role: (isRole(r.role) ? r.role : "viewer") as Role,
    path: invitePath(r.id),
  }));
}

/** Cancels a pending invitation of this workspace; ids of other workspaces are not found. */
export async function revokeInvitation(
  db: Db,
  auth: Auth,
  headers: Headers,
  workspaceId: string,
  invitationId: string,
) {
  const [row] = await db
    .select({ id: invitation.id, status: invitation.status })
    .from(invitation)
    .where(and(eq(invitation.id, invitationId), eq(invitation.organizationId, workspaceId)))
    .limit(1);
  if (!row || row.status !== "pending") throw notFound("Invitation");
  await callAuth(
    () => auth.api.cancelInvitation({ body: { invitationId: row.id }, headers }),
    MESSAGES,
  );
}

export type InvitationState = "pending" | "accepted" | "canceled" | "rejected" | "expired";

/**
 * What the invite page shows before anyone signs in: the workspace, the role and the
 * invited email. Knowing the id (an unguessable random string) is what grants this.
 */
export async function previewInvitation(db: Db, invitationId: string) {
  const [row] = await db
    .select({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      status: invitation.status,
      expiresAt: invitation.expiresAt,
      workspaceName: organization.name,
      workspaceSlug: organization.slug,
      invitedBy: user.name,
    })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .leftJoin(user, eq(user.id, invitation.inviterId))
    .where(eq(invitation.id, invitationId))
    .limit(1);
  if (!row) throw notFound("Invitation");
  const state: InvitationState =
    row.status === "pending" && row.expiresAt <= new Date()
      ? "expired"
      : (row.status as InvitationState);
  return {
    id: row.id,
    email: row.email,
    role: (isRole(row.role) ? row.role : "viewer") as Role,
    state,
    expiresAt: row.expiresAt,
    workspace: { name: row.workspaceName, slug: row.workspaceSlug },
    invitedBy: row.invitedBy,
  };
}

/** Accepts as the signed-in caller (whose email must be the invited one); returns the workspace. */
export async function acceptInvitation(db: Db, auth: Auth, headers: Headers, invitationId: string) {
  await callAuth(() => auth.api.acceptInvitation({ body: { invitationId }, headers }), MESSAGES);
  const preview = await previewInvitation(db, invitationId);
  return preview.workspace;
}
