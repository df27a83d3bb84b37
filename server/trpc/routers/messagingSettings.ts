/**
 * Settings → Messaging: the sender address, the approval threshold, the notice keys (for
 * GET /api/v1/notices and widget.js) and the origins allowed to call it. Commanders and
 * admins read; only admins change them, reveal the secret or rotate the keys.
 */
import { z } from "zod";
import { hasRole } from "@/server/auth/roles";
import { env } from "@/server/env";
import {
  getMessagingSettings,
  messagingSettingsInput,
  rotateNoticeKeys,
  saveMessagingSettings,
  type MessagingSettingsRow,
} from "@/server/messaging/settings";
import { router, workspaceProcedure } from "../init";

const messagingSettings = z.object({
  mailFrom: z.string().nullable(),
  /** What is used when mailFrom is null: the server's MAIL_FROM. */
  defaultMailFrom: z.string(),
  approvalThreshold: z.number().int(),
  noticeKey: z.string(),
  allowedOrigins: z.array(z.string()),
  updatedAt: z.date(),
  canEdit: z.boolean(),
});

function view(row: MessagingSettingsRow, canEdit: boolean): z.infer<typeof messagingSettings> {
  return {
    mailFrom: row.mailFrom,
    defaultMailFrom: env().MAIL_FROM,
    approvalThreshold: row.approvalThreshold,
    noticeKey: row.noticeKey,
    allowedOrigins: row.allowedOrigins,
    updatedAt: row.updatedAt,
    canEdit,
  };
}

export const messagingSettingsRouter = router({
  get: workspaceProcedure("commander")
    .output(messagingSettings)
    .query(async ({ ctx }) =>
      view(await getMessagingSettings(ctx.db, ctx.workspace.id), hasRole(ctx.role, "admin")),
    ),

  update: workspaceProcedure("admin")
    .input(messagingSettingsInput)
    .output(messagingSettings)
    .mutation(async ({ ctx, input }) =>
      view(await saveMessagingSettings(ctx.db, ctx.workspace.id, input, ctx.user.id), true),
    ),

  /** The notice secret, shown to admins on request (it signs customer ids on their backend). */
  revealSecret: workspaceProcedure("admin")
    .output(z.object({ noticeSecret: z.string() }))
    .mutation(async ({ ctx }) => ({
      noticeSecret: (await getMessagingSettings(ctx.db, ctx.workspace.id)).noticeSecret,
    })),

  /** A new key and secret; the old ones stop working at once. */
  rotateKeys: workspaceProcedure("admin")
    .output(messagingSettings.extend({ noticeSecret: z.string() }))
    .mutation(async ({ ctx }) => {
      const row = await rotateNoticeKeys(ctx.db, ctx.workspace.id, ctx.user.id);
      return { ...view(row, true), noticeSecret: row.noticeSecret };
    }),
});
