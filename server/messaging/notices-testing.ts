/**
 * Test set-up for the customer's side: a workspace with customers and contacts, incidents,
 * and status updates sent through the real send path (createDraft + sendUpdate, which writes
 * the message rows), so notices are exactly what a customer would have been told.
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customer, incident } from "@/db/schema";
import { seedIncident } from "@/server/incidents/testing";
import type { IncidentStatus } from "./schema-types";
import { getMessagingSettings } from "./settings";
import { createDraft, sendUpdate } from "./updates";
import { bareWorkspace, seedPeople, type PersonSpec } from "./updates-testing";

/** A workspace with `people` as customers; their ids and external ids in input order. */
export async function customerSide(db: Db, people: PersonSpec[], name = "Acme") {
  const workspaceId = await bareWorkspace(db, name);
  const ids = await seedPeople(db, workspaceId, people);
  const rows = await db
    .select({ id: customer.id, externalId: customer.externalId })
    .from(customer)
    .where(inArray(customer.id, ids));
  const externalIds = ids.map((id) => rows.find((r) => Number(r.id) === id)!.externalId);
  const settings = await getMessagingSettings(db, workspaceId);
  return { workspaceId, customerIds: ids, externalIds, settings };
}

/** An incident affecting `customerIds` (observed failing), with no update yet. */
export async function incidentFor(
  db: Db,
  workspaceId: string,
  customerIds: number[],
  title = "Checkout fails",
) {
  return seedIncident(db, workspaceId, {
    title,
    affected: customerIds.map((customerId) => ({ customerId })),
  });
}

/** Sends an update to the incident's observed customers through the real send path. */
export async function sendTo(
  db: Db,
  workspaceId: string,
  incidentId: string,
  fields: { status: IncidentStatus; title: string; body: string },
) {
  const actor = { userId: null, apiKeyName: "tests" };
  const draft = await createDraft(db, {
    workspaceId,
    incidentId,
    actor,
    fields: { ...fields, audience: "observed" },
  });
  const sent = await sendUpdate(db, { workspaceId, updateId: draft.id, actor });
  if (sent.state !== "sent") throw new Error(`update not sent: ${sent.state}`);
  return draft.id;
}

/** Moves an incident's resolution into the past (what 25 hours of waiting would do). */
export async function resolvedAgo(db: Db, incidentId: string, ms: number) {
  await db
    .update(incident)
    .set({ resolvedAt: new Date(Date.now() - ms) })
    .where(eq(incident.id, incidentId));
}
