/**
 * Settings → Templates: the wording of notice emails per status and language. Responders and
 * up read them and preview them (they write the updates the templates wrap); commanders and
 * admins change and reset them, since a template speaks to every customer an update reaches.
 */
import { z } from "zod";
import { hasRole } from "@/server/auth/roles";
import { LOCALE_NAMES, LOCALES } from "@/server/messaging/render/locale";
import {
  INCIDENT_STATUSES,
  templateDraftSchema,
  templateKeySchema,
  templateSchema,
} from "@/server/messaging/render/template-schema";
import { TEMPLATE_VARIABLES, VARIABLE_DESCRIPTIONS } from "@/server/messaging/render/variables";
import {
  listTemplates,
  previewTemplate,
  resetTemplate,
  saveTemplate,
} from "@/server/messaging/templates";
import { router, workspaceProcedure } from "../init";

const workspaceTemplate = z.object({
  status: z.enum(INCIDENT_STATUSES),
  locale: z.enum(LOCALES),
  subject: z.string(),
  intro: z.string(),
  outro: z.string(),
  customised: z.boolean(),
  updatedAt: z.date().nullable(),
});

export const templatesRouter = router({
  list: workspaceProcedure("responder")
    .output(
      z.object({
        templates: z.array(workspaceTemplate),
        locales: z.array(z.object({ locale: z.enum(LOCALES), name: z.string() })),
        variables: z.array(z.object({ name: z.string(), description: z.string() })),
        canEdit: z.boolean(),
      }),
    )
    .query(async ({ ctx }) => ({
      templates: await listTemplates(ctx.db, ctx.workspace.id),
      locales: LOCALES.map((locale) => ({ locale, name: LOCALE_NAMES[locale] })),
      variables: TEMPLATE_VARIABLES.map((name) => ({
        name,
        description: VARIABLE_DESCRIPTIONS[name],
      })),
      canEdit: hasRole(ctx.role, "commander"),
    })),

  update: workspaceProcedure("commander")
    .input(templateSchema)
    .output(workspaceTemplate)
    .mutation(({ ctx, input }) => {
      const { workspace: _slug, ...template } = input;
      return saveTemplate(ctx.db, ctx.workspace.id, ctx.user.id, template);
    }),

  reset: workspaceProcedure("commander")
    .input(templateKeySchema)
    .output(workspaceTemplate)
    .mutation(({ ctx, input }) =>
      resetTemplate(ctx.db, ctx.workspace.id, input.status, input.locale),
    ),

  /**
   * A mutation only in transport: it changes nothing, but its input (a whole draft) is too
   * long for the URL of a GET.
   */
  preview: workspaceProcedure("responder")
    .input(templateDraftSchema)
    .output(
      z.object({ subject: z.string(), html: z.string(), text: z.string(), sample: z.string() }),
    )
    .mutation(({ ctx, input }) => {
      const { workspace: _slug, ...draft } = input;
      return previewTemplate(ctx.db, ctx.workspace, draft);
    }),
});
