/**
 * Invitations by link: admins create, list and revoke them in Settings → Members; the
 * invite page previews one (no sign-in needed: the id is the secret) and accepts it.
 */
import { z } from "zod";
import { ROLES } from "@/server/auth/roles";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import {
  acceptInvitation,
  createInvitation,
  listPendingInvitations,
  previewInvitation,
  revokeInvitation,
} from "@/server/workspaces/invitations";
import { protectedProcedure, publicProcedure, router, workspaceProcedure } from "../init";

const role = z.enum(ROLES);
/** Text PostgreSQL cannot compare (NUL, half a surrogate pair) is refused before any query. */
const invitationId = z.string().min(1).max(100).refine(isStorableText, UNSTORABLE_TEXT);

const pendingInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role,
  expiresAt: z.date(),
  path: z.string(),
});

export const invitationsRouter = router({
  list: workspaceProcedure("admin")
    .output(
      z.array(pendingInvitation.extend({ createdAt: z.date(), invitedBy: z.string().nullable() })),
    )
    .query(({ ctx }) => listPendingInvitations(ctx.db, ctx.workspace.id)),

  create: workspaceProcedure("admin")
    .input(z.object({ email: z.email("Enter a valid email address.").max(254), role }))
    .output(pendingInvitation)
    .mutation(({ ctx, input }) =>
      createInvitation(ctx.auth, ctx.headers, ctx.workspace.id, {
        email: input.email.toLowerCase(),
        role: input.role,
      }),
    ),

  revoke: workspaceProcedure("admin")
    .input(z.object({ invitationId }))
    .output(z.object({ invitationId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.db, ctx.auth, ctx.headers, ctx.workspace.id, input.invitationId);
      return { invitationId: input.invitationId };
    }),

  preview: publicProcedure
    .input(z.object({ invitationId }))
    .output(
      z.object({
        id: z.string(),
        email: z.string(),
        role,
        state: z.enum(["pending", "accepted", "canceled", "rejected", "expired"]),
        expiresAt: z.date(),
        workspace: z.object({ name: z.string(), slug: z.string() }),
        invitedBy: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => previewInvitation(ctx.db, input.invitationId)),

  accept: protectedProcedure
    .input(z.object({ invitationId }))
    .output(z.object({ name: z.string(), slug: z.string() }))
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.db, ctx.auth, ctx.headers, input.invitationId),
    ),
});
