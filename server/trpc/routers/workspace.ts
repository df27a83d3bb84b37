/**
 * Workspaces: the caller's list, creating one (onboarding), and — nested — its settings,
 * members and invitations. Each nested router lives in its own file.
 */
import { z } from "zod";
import { ROLES } from "@/server/auth/roles";
import { workspaceNameSchema, workspaceSlugSchema } from "@/server/workspaces/slug";
import { createWorkspace, isSlugTaken, listUserWorkspaces } from "@/server/workspaces/workspaces";
import { protectedProcedure, router, workspaceProcedure } from "../init";
import { invitationsRouter } from "./invitations";
import { membersRouter } from "./members";
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

  /** Whether a slug can be used for a new workspace (format and uniqueness). */
  slugAvailable: protectedProcedure
    .input(z.object({ slug: z.string().max(200) }))
    .output(z.object({ available: z.boolean(), reason: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const parsed = workspaceSlugSchema.safeParse(input.slug);
      if (!parsed.success) return { available: false, reason: parsed.error.issues[0].message };
      if (await isSlugTaken(ctx.db, parsed.data))
        return { available: false, reason: `/w/${parsed.data} is already taken.` };
      return { available: true, reason: null };
    }),

  /** Creates a workspace; the caller becomes its admin. */
  create: protectedProcedure
    .input(z.object({ name: workspaceNameSchema, slug: workspaceSlugSchema }))
    .output(workspaceSummary)
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, ctx.auth, ctx.headers, input)),

  settings: workspaceSettingsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
});
