/**
 * Settings → Extension and the connect page (docs/extension.md): every member lists, creates
 * and revokes their own agent tokens; admins also see and revoke everyone's. A token's secret
 * is answered once, by `create` (to paste) or inside `connect`'s redirect (to the extension).
 */
import { z } from "zod";
import { hasRole } from "@/server/auth/roles";
import { appUrl } from "@/server/env";
import {
  connectedUrl,
  connectParamsSchema,
  isAllowedExtensionId,
} from "@/server/extension/connect";
import { createToken, listTokens, revokeToken, tokenNameSchema } from "@/server/extension/tokens";
import { forbidden } from "@/server/errors";
import { router, workspaceProcedure } from "../init";

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  origin: z.string(),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  isYours: z.boolean(),
});

/** The dashboard's origin as the browser addressed it (what the extension should call). */
function serverOrigin(headers: Headers): string {
  const origin = headers.get("origin");
  if (origin && /^https?:\/\//i.test(origin) && URL.canParse(origin)) return new URL(origin).origin;
  return new URL(appUrl()).origin;
}

export const extensionTokensRouter = router({
  list: workspaceProcedure("viewer")
    .output(z.object({ everyone: z.boolean(), tokens: z.array(tokenSchema) }))
    .query(async ({ ctx }) => {
      const everyone = hasRole(ctx.role, "admin");
      const tokens = await listTokens(ctx.db, ctx.workspace.id, { userId: ctx.user.id, everyone });
      return {
        everyone,
        tokens: tokens.map((t) => ({ ...t, isYours: t.owner.id === ctx.user.id })),
      };
    }),

  /** A token to paste into the extension's options page. */
  create: workspaceProcedure("viewer")
    .input(z.object({ name: tokenNameSchema }))
    .output(
      z.object({
        id: z.string(),
        name: z.string(),
        prefix: z.string(),
        createdAt: z.date(),
        /** The whole token: answered here once and never again. */
        token: z.string(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { origin: _origin, ...created } = await createToken(ctx.db, {
        workspaceId: ctx.workspace.id,
        userId: ctx.user.id,
        name: input.name,
        origin: "pasted",
      });
      return created;
    }),

  /**
   * The connect page's Connect: a token for an allow-listed extension, answered only inside
   * the URL of that extension's connected.html, where the page sends the tab.
   */
  connect: workspaceProcedure("viewer")
    .input(connectParamsSchema.extend({ name: tokenNameSchema }))
    .output(z.object({ redirectTo: z.string() }))
    .mutation(async ({ ctx, input }) => {
      if (!isAllowedExtensionId(input.extensionId)) {
        throw forbidden("This extension is not allowed to connect to this server.");
      }
      const created = await createToken(ctx.db, {
        workspaceId: ctx.workspace.id,
        userId: ctx.user.id,
        name: input.name,
        origin: "connect",
      });
      return {
        redirectTo: connectedUrl({
          extensionId: input.extensionId,
          token: created.token,
          state: input.state,
          server: serverOrigin(ctx.headers),
        }),
      };
    }),

  revoke: workspaceProcedure("viewer")
    .input(z.object({ id: z.string().max(64) }))
    .output(z.object({ id: z.string(), revokedAt: z.date().nullable() }))
    .mutation(({ ctx, input }) =>
      revokeToken(ctx.db, {
        workspaceId: ctx.workspace.id,
        tokenId: input.id,
        userId: ctx.user.id,
        asAdmin: hasRole(ctx.role, "admin"),
      }),
    ),
});
