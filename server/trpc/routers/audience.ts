/**
 * An incident's audience for the dashboard: viewers read the counts and the members;
 * commanders choose its segment (or adopt one the engine found) and exclude or include
 * customers by hand. Incidents are named as in the incidents router (id, "12" or "INC-12").
 * Definitions of every count are in server/audience/schemas.ts.
 */
import { z } from "zod";
import {
  adoptInput,
  adoptResultSchema,
  adoptSegment,
  audienceSchema,
  customersCommandInput,
  excludeCustomers,
  excludeResultSchema,
  includeCustomers,
  includeResultSchema,
  listAudienceMembers,
  membersInput,
  membersPageSchema,
  resolveAudience,
  setAudienceSegment,
  setSegmentInput,
} from "@/server/audience";
import { resolveIncidentId } from "@/server/incidents/queries";
import { incidentRef } from "@/server/incidents/read-schemas";
import { router, workspaceProcedure } from "../init";
import { incidentCommand } from "./incident-command";

const viewer = workspaceProcedure("viewer");
const commander = workspaceProcedure("commander");

export const audienceRouter = router({
  /** Counts of each part: in segment (and of those failing), failing outside it, added, excluded, total. */
  get: viewer
    .input(z.object({ incidentId: incidentRef }))
    .output(audienceSchema)
    .query(async ({ ctx, input }) => {
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, input.incidentId);
      return resolveAudience(ctx.db, ctx.workspace.id, incidentId);
    }),

  /** One page of members (or, with `excluded`, of the customers excluded by hand). */
  members: viewer
    .input(membersInput)
    .output(membersPageSchema)
    .query(async ({ ctx, input }) => {
      const { incidentId: ref, workspace: _w, ...query } = input;
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, ref);
      return listAudienceMembers(ctx.db, ctx.workspace.id, incidentId, query);
    }),

  setSegment: commander
    .input(setSegmentInput)
    .output(audienceSchema)
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return setAudienceSegment(ctx.db, { ...command, segmentId: input.segmentId });
    }),

  /** An engine segment's predicates become the audience, reusing a saved segment with the same rule. */
  adopt: commander
    .input(adoptInput)
    .output(adoptResultSchema)
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return adoptSegment(ctx.db, { ...command, predicates: input.predicates, name: input.name });
    }),

  exclude: commander
    .input(customersCommandInput)
    .output(excludeResultSchema)
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return excludeCustomers(ctx.db, { ...command, customerIds: input.customerIds });
    }),

  include: commander
    .input(customersCommandInput)
    .output(includeResultSchema)
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return includeCustomers(ctx.db, { ...command, customerIds: input.customerIds });
    }),
});
