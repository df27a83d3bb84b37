/**
 * Status updates over REST:
 *
 *   POST /api/v1/incidents/{id}/updates   (scope notify)
 *        {"status","title","body","audience": "incident" | "observed" | {"segment": "<id>"},
 *         "reach"?: "audience" | "follow_up" | "everyone_told"}
 *        → 201 {"id","number","state": "sent" | "awaiting_approval","recipients","customers"}
 *   GET  /api/v1/incidents/{id}/updates   (scope read or notify)
 *        → 200 {"data": [update with "delivery": {queued, sending, sent, delivered, opened,
 *                bounced, complained, failed, suppressed}]}
 *
 * `{id}` is the incident's uuid or number ("12" / "INC-12"); another workspace's incident is
 * a 404. The POST drafts and sends in one transaction: a refused send stores nothing. An API
 * key has no person, so the update's author is null and the activity names the key; above
 * the workspace's approval threshold the update waits for a commander's approval.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { apiKey } from "@/db/schema";
import { apiHandler, jsonResponse, parseBody, readJsonBody } from "@/server/api";
import { resolveIncidentId } from "@/server/incidents/queries";
import { listUpdates } from "./update-queries";
import { draftFields, type StatusUpdateView } from "./update-schemas";
import { afterSendCommitted, insertDraft, submitInTx } from "./updates";

export const restUpdateBody = draftFields.strict();

export const restCreatedUpdate = z.object({
  id: z.string(),
  number: z.number().int(),
  state: z.enum(["sent", "awaiting_approval"]),
  recipients: z.number().int(),
  customers: z.number().int(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function updateJson(u: StatusUpdateView) {
  return {
    id: u.id,
    number: u.number,
    status: u.status,
    title: u.title,
    body: u.body,
    audience: u.audience,
    reach: u.reach,
    state: u.state,
    customers: u.customerCount,
    recipients: u.recipientCount,
    created_by: u.createdBy?.name ?? null,
    created_at: u.createdAt.toISOString(),
    approved_by: u.approvedBy?.name ?? null,
    approved_at: iso(u.approvedAt),
    sent_at: iso(u.sentAt),
    cancelled_at: iso(u.cancelledAt),
    delivery: u.delivery,
  };
}

export const createUpdateApi = apiHandler(
  "notify",
  async ({ db, req, caller }, params: { id: string }) => {
    const fields = parseBody(restUpdateBody, await readJsonBody(req));
    const incidentId = await resolveIncidentId(db, caller.workspaceId, params.id);
    const [key] = await db
      .select({ name: apiKey.name })
      .from(apiKey)
      .where(and(eq(apiKey.id, caller.keyId), eq(apiKey.workspaceId, caller.workspaceId)));
    const actor = { userId: null, apiKeyName: key?.name ?? null };
    const result = await db.transaction(async (tx) => {
      const draft = await insertDraft(tx, {
        workspaceId: caller.workspaceId,
        incidentId,
        actor,
        fields,
      });
      const sent = await submitInTx(tx, {
        workspaceId: caller.workspaceId,
        updateId: draft.id,
        actor,
        approving: false,
      });
      return { ...sent, number: draft.number };
    });
    if (result.state === "sent") afterSendCommitted(caller.workspaceId);
    const body: z.output<typeof restCreatedUpdate> = {
      id: result.id,
      number: result.number,
      state: result.state === "sent" ? "sent" : "awaiting_approval",
      recipients: result.recipients,
      customers: result.customers,
    };
    return jsonResponse(201, body);
  },
);

export const listUpdatesApi = apiHandler(
  ["read", "notify"],
  async ({ db, caller }, params: { id: string }) => {
    const incidentId = await resolveIncidentId(db, caller.workspaceId, params.id);
    const { updates } = await listUpdates(db, caller.workspaceId, incidentId);
    return jsonResponse(200, { data: updates.map(updateJson) });
  },
);
