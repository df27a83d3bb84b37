/**
 * Reports from the support extension, grouped (server/extension/groups.ts): commanders see the
 * open groups on the incidents page, declare an incident from one or dismiss it.
 */
import { z } from "zod";
import { declareFromGroup, dismissGroup, listOpenGroups } from "@/server/extension/groups";
import { severitySchema, textInput } from "@/server/incidents/read-schemas";
import { router, workspaceProcedure } from "../init";

const groupId = z.string().max(64);

export const reportGroupsRouter = router({
  list: workspaceProcedure("commander")
    .output(
      z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          firstReportedAt: z.date(),
          lastReportedAt: z.date(),
          customerCount: z.number().int(),
          reports: z.array(
            z.object({
              id: z.string(),
              customer: z.object({
                id: z.number().int(),
                externalId: z.string(),
                name: z.string().nullable(),
              }),
              note: z.string(),
              ticketUrl: z.string().nullable(),
              reportedBy: z.string().nullable(),
              reportedAt: z.date(),
            }),
          ),
        }),
      ),
    )
    .query(({ ctx }) => listOpenGroups(ctx.db, ctx.workspace.id)),

  declare: workspaceProcedure("commander")
    .input(
      z.object({
        groupId,
        title: textInput(200).optional(),
        severity: severitySchema.optional(),
      }),
    )
    .output(
      z.object({ incidentId: z.string(), number: z.number().int(), customersAdded: z.number() }),
    )
    .mutation(({ ctx, input }) =>
      declareFromGroup(ctx.db, {
        workspaceId: ctx.workspace.id,
        groupId: input.groupId,
        actorId: ctx.user.id,
        title: input.title,
        severity: input.severity,
      }),
    ),

  dismiss: workspaceProcedure("commander")
    .input(z.object({ groupId }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      dismissGroup(ctx.db, { workspaceId: ctx.workspace.id, groupId: input.groupId }),
    ),
});
