/** Settings → API keys (admins only): list, create (the secret is returned once), revoke. */
import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/schema";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/apikeys";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { router, workspaceProcedure } from "../init";

const scope = z.enum(API_KEY_SCOPES);

export const apiKeysRouter = router({
  list: workspaceProcedure("admin")
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          prefix: z.string(),
          scopes: z.array(z.string()),
          createdBy: z.string().nullable(),
          createdAt: z.date(),
          lastUsedAt: z.date().nullable(),
          revokedAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listApiKeys(ctx.db, ctx.workspace.id)),

  create: workspaceProcedure("admin")
    .input(
      z.object({
        name: z
          .string()
          .trim()
          .min(1, "Give the key a name, e.g. where it is used.")
          .max(80, "Name must be at most 80 characters.")
          .refine(isStorableText, UNSTORABLE_TEXT),
        scopes: z.array(scope).min(1, "Choose at least one scope."),
      }),
    )
    .output(
      z.object({
        id: z.string(),
        name: z.string(),
        prefix: z.string(),
        scopes: z.array(z.string()),
        createdAt: z.date(),
        /** The full key: returned here once and never again. */
        key: z.string(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.db, {
        workspaceId: ctx.workspace.id,
        name: input.name,
        scopes: input.scopes,
        createdBy: ctx.user.id,
      }),
    ),

  revoke: workspaceProcedure("admin")
    .input(z.object({ id: z.uuid("Unknown API key.") }))
    .output(z.object({ id: z.string(), revokedAt: z.date().nullable() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.workspace.id, input.id)),
});
