/**
 * The suppression list for the dashboard: every member reads it; admins add an address by hand
 * and lift any entry but an unsubscribe (the customer's own choice). See
 * server/messaging/suppressions.ts.
 */
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { searchPageInput } from "@/server/cursor";
import {
  addSuppression,
  listSuppressions,
  MAX_ADDRESS_LENGTH,
  MAX_SUPPRESSION_PAGE_SIZE,
  removeSuppression,
  SUPPRESSION_REASONS,
} from "@/server/messaging/suppressions";
import { hasRole } from "@/server/auth/roles";
import { router, workspaceProcedure } from "../init";

const address = z
  .string()
  .trim()
  .max(MAX_ADDRESS_LENGTH, `address: at most ${MAX_ADDRESS_LENGTH} characters`)
  .pipe(z.email("address: enter a valid email address, like name@example.com"));

const listInput = searchPageInput(MAX_SUPPRESSION_PAGE_SIZE);

const item = z.object({
  email: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  detail: z.string().nullable(),
  messageId: z.number().nullable(),
  createdAt: z.date(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  removable: z.boolean(),
});

const listOutput = z.object({
  rows: z.array(item),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
  /** Whether the caller may add and remove entries (admins). */
  canManage: z.boolean(),
});

export const suppressionsRouter = router({
  list: workspaceProcedure("viewer")
    .input(listInput)
    .output(listOutput)
    .query(async ({ ctx, input }) => ({
      ...(await listSuppressions(ctx.db, ctx.workspace.id, input)),
      canManage: hasRole(ctx.role, "admin"),
    })),

  /** Keeps every later send from writing to this address. */
  add: workspaceProcedure("admin")
    .input(
      z.object({
        address,
        note: z
          .string()
          .trim()
          .max(500, "note: at most 500 characters")
          .refine(isStorableText, UNSTORABLE_TEXT)
          .nullish(),
      }),
    )
    .output(item)
    .mutation(({ ctx, input }) =>
      addSuppression(ctx.db, {
        workspaceId: ctx.workspace.id,
        email: input.address,
        note: input.note ?? null,
        actorId: ctx.user.id,
      }),
    ),

  /** Lets later sends write to this address again; refused for an unsubscribe. */
  remove: workspaceProcedure("admin")
    .input(z.object({ address }))
    .output(z.object({ email: z.string(), reason: z.enum(SUPPRESSION_REASONS) }))
    .mutation(({ ctx, input }) =>
      removeSuppression(ctx.db, { workspaceId: ctx.workspace.id, email: input.address }),
    ),
});
