/**
 * Status updates for the dashboard: viewers read them (with live delivery counts);
 * responders preview, draft, send updates up to the approval threshold and cancel;
 * commanders approve updates above it (never their own). Incidents are named as in the
 * incidents router (id, "12" or "INC-12"); updates by id. See server/messaging/updates.ts.
 */
import { z } from "zod";
import { resolveIncidentId } from "@/server/incidents/queries";
import { incidentRef } from "@/server/incidents/read-schemas";
import { getUpdate, listUpdates, previewUpdate } from "@/server/messaging/update-queries";
import {
  createDraftInput,
  listOutput,
  previewInput,
  previewOutput,
  statusUpdateSchema,
  submitOutput,
  updateDraftInput,
  updateRef,
} from "@/server/messaging/update-schemas";
import {
  approveUpdate,
  cancelUpdate,
  createDraft,
  sendUpdate,
  updateDraft,
} from "@/server/messaging/updates";
import { router, workspaceProcedure } from "../init";

const viewer = workspaceProcedure("viewer");
const responder = workspaceProcedure("responder");
const commander = workspaceProcedure("commander");

export const updatesRouter = router({
  list: viewer
    .input(z.object({ incidentId: incidentRef }))
    .output(listOutput)
    .query(async ({ ctx, input }) => {
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, input.incidentId);
      const list = await listUpdates(ctx.db, ctx.workspace.id, incidentId);
      return { ...list, you: { id: ctx.user.id, role: ctx.role } };
    }),

  get: viewer
    .input(updateRef)
    .output(statusUpdateSchema)
    .query(({ ctx, input }) => getUpdate(ctx.db, ctx.workspace.id, input.updateId)),

  /** Who these fields would reach and the email they would get; stores nothing. */
  preview: responder
    .input(previewInput)
    .output(previewOutput)
    .query(async ({ ctx, input }) => {
      const { workspace: _w, incidentId: ref, ...fields } = input;
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, ref);
      return previewUpdate(ctx.db, ctx.workspace.id, incidentId, fields);
    }),

  createDraft: responder
    .input(createDraftInput)
    .output(statusUpdateSchema)
    .mutation(async ({ ctx, input }) => {
      const { workspace: _w, incidentId: ref, ...fields } = input;
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, ref);
      const row = await createDraft(ctx.db, {
        workspaceId: ctx.workspace.id,
        incidentId,
        actor: { userId: ctx.user.id },
        fields,
      });
      return getUpdate(ctx.db, ctx.workspace.id, row.id);
    }),

  updateDraft: responder
    .input(updateDraftInput)
    .output(statusUpdateSchema)
    .mutation(async ({ ctx, input }) => {
      const { workspace: _w, updateId, ...fields } = input;
      await updateDraft(ctx.db, {
        workspaceId: ctx.workspace.id,
        updateId,
        actor: { userId: ctx.user.id },
        fields,
      });
      return getUpdate(ctx.db, ctx.workspace.id, updateId);
    }),

  /** Sends a draft, or (above the threshold) puts it up for a commander's approval. */
  send: responder
    .input(updateRef)
    .output(submitOutput)
    .mutation(({ ctx, input }) =>
      sendUpdate(ctx.db, {
        workspaceId: ctx.workspace.id,
        updateId: input.updateId,
        actor: { userId: ctx.user.id },
      }),
    ),

  approve: commander
    .input(updateRef)
    .output(submitOutput)
    .mutation(({ ctx, input }) =>
      approveUpdate(ctx.db, {
        workspaceId: ctx.workspace.id,
        updateId: input.updateId,
        actor: { userId: ctx.user.id },
      }),
    ),

  cancel: responder
    .input(updateRef)
    .output(statusUpdateSchema)
    .mutation(async ({ ctx, input }) => {
      await cancelUpdate(ctx.db, {
        workspaceId: ctx.workspace.id,
        updateId: input.updateId,
        actor: { userId: ctx.user.id },
      });
      return getUpdate(ctx.db, ctx.workspace.id, input.updateId);
    }),
});
