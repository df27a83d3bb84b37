/**
 * Workspaces: the caller's list, creating one (onboarding), and — nested — its settings,
 * members and invitations. Each nested router lives in its own file.
 */
import { z } from "zod";
import { ROLES } from "@/server/auth/roles";
import { workspaceNameSchema, workspaceSlugSchema } from "@/server/workspaces/slug";
import {
  createWorkspace,
  listUserWorkspaces,
  slugAvailability,
  spendSlugLookup,
} from "@/server/workspaces/workspaces";
import { protectedProcedure, router, workspaceProcedure } from "../init";
import { invitationsRouter } from "./invitations";
import { membersRouter } from "./members";
import { messagingSettingsRouter } from "./messagingSettings";
import { workspaceSettingsRouter } from "./workspaceSettings";

const workspaceSummary = z.object({ id: z.string(), slug: z.string(), name: z.string() });
const role = z.enum(ROLES);

export const workspaceRouter = router({
  /** The caller's workspaces with their role in each, for the workspace switcher. */
  mine: protectedProcedure
    .output(z.array(workspaceSummary.extend({ role: z.string() })))
    .query(({ ctx }) => listUserWorkspaces(ctx.db, ctx.user.id)),

  get: workspaceProcedure("viewer")
    .output(workspaceSummary.extend({ role }))
    .query(({ ctx }) => ({ ...ctx.workspace, role: ctx.role })),

  /**
   * Whether a slug can be used for a new workspace (format and uniqueness). Telling whether
   * a slug is taken spends one of the caller's slug lookups (SLUG_LOOKUP_LIMIT);
   * TOO_MANY_REQUESTS once they are spent.
   */
  slugAvailable: protectedProcedure
    .input(z.object({ slug: z.string().max(200) }))
    .output(z.object({ available: z.boolean(), reason: z.string().nullable() }))
    .query(({ ctx, input }) => slugAvailability(ctx.db, ctx.user.id, input.slug)),

  /** Creates a workspace; the caller becomes its admin. A taken slug is a lookup too. */
  create: protectedProcedure
    .input(z.object({ name: workspaceNameSchema, slug: workspaceSlugSchema }))
    .output(workspaceSummary)
    .mutation(async ({ ctx, input }) => {
      await spendSlugLookup(ctx.db, ctx.user.id);
      return createWorkspace(ctx.db, ctx.auth, ctx.headers, input);
    }),

  settings: workspaceSettingsRouter,
  messaging: messagingSettingsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
});
