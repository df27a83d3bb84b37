/** Settings → General: the workspace's name, incident thresholds and event retention. */
import { z } from "zod";
import { hasRole } from "@/server/auth/roles";
import { workspaceNameSchema } from "@/server/workspaces/slug";
import {
  getWorkspaceSettings,
  saveWorkspaceSettings,
  workspaceSettingsSchema,
} from "@/server/workspaces/settings";
import { renameWorkspace } from "@/server/workspaces/workspaces";
import { router, workspaceProcedure } from "../init";

const generalSettings = workspaceSettingsSchema.extend({
  name: z.string(),
  slug: z.string(),
  updatedAt: z.date().nullable(),
  canEdit: z.boolean(),
});

export const workspaceSettingsRouter = router({
  /** Commanders and admins read the settings; only admins may change them. */
  get: workspaceProcedure("commander")
    .output(generalSettings)
    .query(async ({ ctx }) => ({
      name: ctx.workspace.name,
      slug: ctx.workspace.slug,
      ...(await getWorkspaceSettings(ctx.db, ctx.workspace.id)),
      canEdit: hasRole(ctx.role, "admin"),
    })),

  update: workspaceProcedure("admin")
    .input(workspaceSettingsSchema.extend({ name: workspaceNameSchema }))
    .output(generalSettings)
    .mutation(async ({ ctx, input }) => {
      const { name, ...settings } = input;
      const saved = await ctx.db.transaction(async (tx) => {
        await renameWorkspace(tx, ctx.workspace.id, name);
        return saveWorkspaceSettings(tx, ctx.workspace.id, settings);
      });
      return { name, slug: ctx.workspace.slug, ...saved, canEdit: true };
    }),
});
