/**
 * Status update commands: draft, edit, send (or request approval), approve, cancel. Each runs
 * in one transaction and records itself in the incident's activity (who, what, how many):
 *
 *   update_drafted            to: "#3 identified “Checkout is failing”"
 *   update_approval_requested to: "#3 identified to 1,204 recipients"
 *   update_approved           to: "#3 identified to 1,204 recipients"
 *   update_sent               to: "#3 identified to 1,204 recipients"
 *   update_cancelled          to: "#3 identified “Checkout is failing”"
 *
 * with from: "API key <name>" when an API key (which has no person) did it.
 *
 * Sending, directly or on approval, is ONE transaction: 1. lock the incident as the incident
 * service does (its issues first when the status may reopen it, so the lock order of ingest
 * holds and nothing can deadlock), 2. lock the update row and check its state, 3. count the
 * recipients (over the workspace's approval threshold and not yet approved: the update waits
 * for a second commander instead, and nothing else happens), 4. freeze the content, mark the
 * update sent and write the outbox with INSERT … SELECT (one row per address), 5. set the
 * incident's status through the incident service, 6. record the activity. A failure anywhere
 * leaves no message, no status change and no activity. The delivery worker is woken after
 * the commit.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { incident, incidentActivity, organization, statusUpdate } from "@/db/schema";
import { conflict, forbidden, invalid, notFound } from "@/server/errors";
import { isUuid, lockIncident, lockIncidentWithIssues } from "@/server/incidents/aggregates";
import { updateIncident } from "@/server/incidents/service";
import { parseInput } from "@/server/segments/validate";
import { notifyDelivery, wakeDelivery } from "./delivery";
import { forgetActiveNotices } from "./notices";
import {
  audienceSegment,
  countRecipients,
  hasSentUpdate,
  insertMessages,
  type RecipientQuery,
} from "./recipients";
import type { AudienceSegment } from "@/server/audience/resolve";
import type { IncidentStatus, UpdateAudience, UpdateContent, UpdateReach } from "./schema-types";
import { segmentInWords } from "./segment-words";
import { getMessagingSettings, senderOf } from "./settings";
import { templatesForSend } from "./templates";
import { draftFields, toAudience, type DraftFields, type SubmitResult } from "./update-schemas";

export type StatusUpdateRow = typeof statusUpdate.$inferSelect;

/** Who acts: a person, or an API key (no person; named in the activity). */
export interface Actor {
  userId: string | null;
  apiKeyName?: string | null;
}

/** The reach an update gets when none is chosen. */
export function defaultReach(status: IncidentStatus, hasSent: boolean): UpdateReach {
  if (status === "resolved") return "everyone_told";
  return hasSent ? "follow_up" : "audience";
}

// Drafts ----------------------------------------------------------------------------------

export async function createDraft(
  db: DbOrTx,
  input: { workspaceId: string; incidentId: string; actor: Actor; fields: DraftFields },
): Promise<StatusUpdateRow> {
  return db.transaction((tx) => insertDraft(tx, input));
}

export async function insertDraft(
  tx: Tx,
  input: { workspaceId: string; incidentId: string; actor: Actor; fields: DraftFields },
): Promise<StatusUpdateRow> {
  const { workspaceId, incidentId, actor } = input;
  const fields = parseInput(draftFields, input.fields);
  await incidentOf(tx, workspaceId, incidentId);
  const audience = toAudience(fields.audience);
  if (audience.kind === "segment") await audienceSegment(tx, workspaceId, incidentId, audience);
  // Numbers are per incident; drafts of one incident are numbered one at a time.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${"status_update_number:" + incidentId}, 0))`,
  );
  const reach =
    fields.reach ?? defaultReach(fields.status, await hasSentUpdate(tx, workspaceId, incidentId));
  const [row] = await tx
    .insert(statusUpdate)
    .values({
      workspaceId,
      incidentId,
      number: sql`(select coalesce(max(number), 0) + 1 from status_update where incident_id = ${incidentId})`,
      status: fields.status,
      title: fields.title,
      body: fields.body,
      audience,
      reach,
      createdBy: actor.userId,
    })
    .returning();
  await record(tx, row, "update_drafted", quoted(row), actor);
  return row;
}

export async function updateDraft(
  db: DbOrTx,
  input: {
    workspaceId: string;
    updateId: string;
    actor: Actor;
    fields: Partial<DraftFields>;
  },
): Promise<StatusUpdateRow> {
  const fields = parseInput(draftFields.partial(), input.fields);
  return db.transaction(async (tx) => {
    const u = await lockUpdate(tx, input.workspaceId, input.updateId);
    if (u.state !== "draft")
      throw conflict(`Only a draft can be edited; this update is ${words(u.state)}.`);
    const audience = fields.audience ? toAudience(fields.audience) : u.audience;
    if (audience.kind === "segment") {
      await audienceSegment(tx, input.workspaceId, u.incidentId, audience);
    }
    const status = fields.status ?? u.status;
    const reach =
      fields.reach ??
      (fields.status && fields.status !== u.status
        ? defaultReach(status, await hasSentUpdate(tx, input.workspaceId, u.incidentId))
        : u.reach);
    const [row] = await tx
      .update(statusUpdate)
      .set({
        status,
        title: fields.title ?? u.title,
        body: fields.body ?? u.body,
        audience,
        reach,
        updatedAt: new Date(),
      })
      .where(eq(statusUpdate.id, u.id))
      .returning();
    return row;
  });
}

// Send, approve, cancel --------------------------------------------------------------------

/**
 * Once a send has committed: this process's notices show it at once, and its delivery loop
 * (if any) looks for the messages now. Other processes learn of it through the NOTIFY in the
 * transaction (delivery) and within ACTIVE_CACHE_MS (notices).
 */
export function afterSendCommitted(workspaceId: string): void {
  forgetActiveNotices(workspaceId);
  wakeDelivery();
}

/** Sends a draft, or puts it up for approval when it reaches more than the threshold. */
export async function sendUpdate(
  db: DbOrTx,
  input: { workspaceId: string; updateId: string; actor: Actor },
): Promise<SubmitResult> {
  const result = await db.transaction((tx) => submitInTx(tx, { ...input, approving: false }));
  if (result.state === "sent") afterSendCommitted(input.workspaceId);
  return result;
}

/** A commander other than the author approves an update awaiting approval: it is sent. */
export async function approveUpdate(
  db: DbOrTx,
  input: { workspaceId: string; updateId: string; actor: Actor },
): Promise<SubmitResult> {
  const result = await db.transaction((tx) => submitInTx(tx, { ...input, approving: true }));
  afterSendCommitted(input.workspaceId);
  return result;
}

export async function cancelUpdate(
  db: DbOrTx,
  input: { workspaceId: string; updateId: string; actor: Actor },
): Promise<StatusUpdateRow> {
  return db.transaction(async (tx) => {
    const u = await lockUpdate(tx, input.workspaceId, input.updateId);
    if (u.state !== "draft" && u.state !== "awaiting_approval") {
      throw conflict(
        `Only a draft or an update awaiting approval can be cancelled; this one is ${words(u.state)}.`,
      );
    }
    const now = new Date();
    const [row] = await tx
      .update(statusUpdate)
      .set({
        state: "cancelled",
        cancelledBy: input.actor.userId,
        cancelledAt: now,
        updatedAt: now,
      })
      .where(eq(statusUpdate.id, u.id))
      .returning();
    await record(tx, row, "update_cancelled", quoted(row), input.actor);
    return row;
  });
}

/**
 * The body of send and approve, inside the caller's transaction (the REST API drafts and
 * sends in one). Steps as in the header.
 */
export async function submitInTx(
  tx: Tx,
  input: { workspaceId: string; updateId: string; actor: Actor; approving: boolean },
): Promise<SubmitResult> {
  const { workspaceId, actor, approving } = input;
  if (!isUuid(input.updateId)) throw notFound("Status update");
  // 1. The incident's locks, as updateIncident takes them (issues first when it may reopen).
  const before = await readUpdate(tx, workspaceId, input.updateId);
  if (before.status === "resolved") await lockIncident(tx, workspaceId, before.incidentId);
  else await lockIncidentWithIssues(tx, workspaceId, before.incidentId);
  // 2. The update, locked, in the state this command needs.
  const u = await lockUpdate(tx, workspaceId, input.updateId);
  if (u.status !== before.status)
    throw conflict("The update changed while it was being sent; try again.");
  if (approving) {
    if (u.state !== "awaiting_approval") {
      throw conflict(
        `Only an update awaiting approval can be approved; this one is ${words(u.state)}.`,
      );
    }
    if (actor.userId !== null && actor.userId === u.createdBy) {
      throw forbidden("You wrote this update, so another commander must approve it.");
    }
  } else if (u.state !== "draft") {
    throw conflict(`Only a draft can be sent; this update is ${words(u.state)}.`);
  }
  // 3. Who it reaches, and whether that needs a second commander.
  const s = await audienceSegment(tx, workspaceId, u.incidentId, u.audience);
  const q: RecipientQuery = {
    workspaceId,
    incidentId: u.incidentId,
    audience: u.audience,
    reach: u.reach,
    statusUpdateId: u.id,
  };
  const counts = await countRecipients(tx, q, s);
  if (counts.recipients === 0) {
    throw invalid(
      counts.customers === 0
        ? "This update reaches no customer: choose another audience or reach."
        : "None of the customers this update reaches has a contact address that may be written to.",
    );
  }
  const settings = await getMessagingSettings(tx, workspaceId);
  const now = new Date();
  if (!approving && counts.recipients > settings.approvalThreshold) {
    const [row] = await tx
      .update(statusUpdate)
      .set({
        state: "awaiting_approval",
        // Who pressed Send; the approver is recorded when it is approved.
        sentBy: actor.userId,
        customerCount: counts.customers,
        recipientCount: counts.recipients,
        updatedAt: now,
      })
      .where(eq(statusUpdate.id, u.id))
      .returning();
    await record(tx, row, "update_approval_requested", toRecipients(row), actor);
    return {
      id: row.id,
      state: row.state,
      customers: row.customerCount,
      recipients: row.recipientCount,
    };
  }
  // 4. Freeze the content, mark it sent, write the outbox.
  const content = await contentFor(
    tx,
    workspaceId,
    u.incidentId,
    u.status,
    u.audience,
    s,
    settings,
  );
  await tx
    .update(statusUpdate)
    .set({
      state: "sent",
      content,
      sentAt: now,
      sentBy: approving ? u.sentBy : actor.userId,
      ...(approving ? { approvedBy: actor.userId, approvedAt: now } : {}),
      updatedAt: now,
    })
    .where(eq(statusUpdate.id, u.id));
  const written = await insertMessages(tx, { ...q, statusUpdateId: u.id }, s);
  if (written > 0) await notifyDelivery(tx);
  const [row] = await tx
    .update(statusUpdate)
    .set({ customerCount: counts.customers, recipientCount: written })
    .where(eq(statusUpdate.id, u.id))
    .returning();
  // 5. The incident takes the update's status (the service records that change itself).
  await updateIncident(tx, {
    workspaceId,
    incidentId: u.incidentId,
    actorId: actor.userId,
    status: u.status,
  });
  // 6. The activity.
  if (approving) await record(tx, row, "update_approved", toRecipients(row), actor);
  await record(tx, row, "update_sent", toRecipients(row), actor);
  return {
    id: row.id,
    state: row.state,
    customers: row.customerCount,
    recipients: row.recipientCount,
  };
}

// Content ---------------------------------------------------------------------------------

/** Everything the email is made of besides the update itself, as it is frozen at send time. */
export async function contentFor(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  status: IncidentStatus,
  audience: UpdateAudience,
  s: AudienceSegment | null,
  settings?: Awaited<ReturnType<typeof getMessagingSettings>>,
): Promise<UpdateContent> {
  const [inc] = await db
    .select({ number: incident.number, title: incident.title, workspaceName: organization.name })
    .from(incident)
    .innerJoin(organization, eq(organization.id, incident.workspaceId))
    .where(and(eq(incident.id, incidentId), eq(incident.workspaceId, workspaceId)));
  if (!inc) throw notFound("Incident");
  const row = settings ?? (await getMessagingSettings(db, workspaceId));
  return {
    workspaceName: inc.workspaceName,
    from: senderOf(row),
    incidentReference: `INC-${inc.number}`,
    incidentTitle: inc.title,
    // Only customers chosen by a rule are told which of their attributes put them in.
    segmentInWords: audience.kind === "observed" ? null : segmentInWords(s?.rule),
    templates: await templatesForSend(db, workspaceId, status),
  };
}

// Helpers ---------------------------------------------------------------------------------

async function incidentOf(db: DbOrTx, workspaceId: string, incidentId: string) {
  if (!isUuid(incidentId)) throw notFound("Incident");
  const [row] = await db
    .select({ id: incident.id })
    .from(incident)
    .where(and(eq(incident.id, incidentId), eq(incident.workspaceId, workspaceId)));
  if (!row) throw notFound("Incident");
  return row;
}

async function readUpdate(db: DbOrTx, workspaceId: string, updateId: string) {
  if (!isUuid(updateId)) throw notFound("Status update");
  const [row] = await db
    .select()
    .from(statusUpdate)
    .where(and(eq(statusUpdate.id, updateId), eq(statusUpdate.workspaceId, workspaceId)));
  if (!row) throw notFound("Status update");
  return row;
}

async function lockUpdate(tx: Tx, workspaceId: string, updateId: string) {
  if (!isUuid(updateId)) throw notFound("Status update");
  const [row] = await tx
    .select()
    .from(statusUpdate)
    .where(and(eq(statusUpdate.id, updateId), eq(statusUpdate.workspaceId, workspaceId)))
    .for("update");
  if (!row) throw notFound("Status update");
  return row;
}

const words = (state: StatusUpdateRow["state"]) => state.replace(/_/g, " ");
const quoted = (u: StatusUpdateRow) => `#${u.number} ${u.status} “${u.title}”`;
const toRecipients = (u: StatusUpdateRow) =>
  `#${u.number} ${u.status} to ${u.recipientCount.toLocaleString("en-US")} ${u.recipientCount === 1 ? "recipient" : "recipients"}`;

async function record(tx: Tx, u: StatusUpdateRow, kind: string, toValue: string, actor: Actor) {
  await tx.insert(incidentActivity).values({
    workspaceId: u.workspaceId,
    incidentId: u.incidentId,
    kind,
    fromValue: actor.userId === null && actor.apiKeyName ? `API key ${actor.apiKeyName}` : null,
    toValue,
    actorId: actor.userId,
  });
}
