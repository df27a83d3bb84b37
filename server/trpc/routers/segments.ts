/**
 * Saved segments for the dashboard: viewers list, read and preview them; commanders create,
 * edit and remove them. The work is in server/segments.
 */
import { z } from "zod";
import {
  createSegment,
  createSegmentInput,
  getSegment,
  listSegments,
  previewRule,
  previewSchema,
  removeSegment,
  ruleSchema,
  segmentRefSchema,
  segmentSchema,
  updateSegment,
  updateSegmentInput,
} from "@/server/segments";
import { router, workspaceProcedure } from "../init";

const viewer = workspaceProcedure("viewer");
const commander = workspaceProcedure("commander");

export const segmentsRouter = router({
  list: viewer
    .output(z.array(segmentSchema))
    .query(({ ctx }) => listSegments(ctx.db, ctx.workspace.id)),

  /** By id, or by name ignoring case. */
  get: viewer
    .input(segmentRefSchema)
    .output(segmentSchema)
    .query(({ ctx, input: { id, name } }) => getSegment(ctx.db, ctx.workspace.id, { id, name })),

  /** Customers an unsaved rule selects: the count, and the newest 10 of them. */
  preview: viewer
    .input(z.object({ rule: ruleSchema }))
    .output(previewSchema)
    .query(({ ctx, input }) => previewRule(ctx.db, ctx.workspace.id, input.rule)),

  create: commander
    .input(createSegmentInput)
    .output(segmentSchema)
    .mutation(({ ctx, input: { name, description, rule } }) =>
      createSegment(ctx.db, {
        workspaceId: ctx.workspace.id,
        actorId: ctx.user.id,
        name,
        description,
        rule,
      }),
    ),

  /** Name, description and/or rule; an edited rule is recorded on the incidents it is the audience of. */
  update: commander
    .input(updateSegmentInput)
    .output(segmentSchema)
    .mutation(({ ctx, input: { id, name, description, rule } }) =>
      updateSegment(ctx.db, {
        workspaceId: ctx.workspace.id,
        actorId: ctx.user.id,
        id,
        name,
        description,
        rule,
      }),
    ),

  /** Refused (CONFLICT) while the segment is the audience of an unresolved incident. */
  remove: commander
    .input(z.object({ id: z.uuid("Must be a segment id") }))
    .output(z.object({ id: z.string(), clearedFrom: z.number().int() }))
    .mutation(({ ctx, input }) =>
      removeSegment(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, id: input.id }),
    ),
});
