/**
 * Reading status updates: an incident's updates with their live delivery counts (messages
 * grouped by state), one update, and the preview a responder reviews before sending —
 * the counts, a sample of recipients with why each is in, and the email and notice page
 * link of the first sample recipient, built by the very code the delivery worker uses.
 */
import { aliasedTable, and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { message, statusUpdate, user } from "@/db/schema";
import { notFound } from "@/server/errors";
import { isUuid } from "@/server/incidents/aggregates";
import { composeEmail } from "./delivery/compose";
import { noticeUrl } from "./links";
import { audienceSegment, countRecipients, hasSentUpdate, sampleRecipients } from "./recipients";
import { getMessagingSettings } from "./settings";
import {
  fromAudience,
  MESSAGE_STATES,
  SAMPLE_SIZE,
  toAudience,
  type DeliveryCounts,
  type DraftFields,
  type StatusUpdateView,
  type UpdatePreview,
} from "./update-schemas";
import { contentFor, defaultReach } from "./updates";

const creator = aliasedTable(user, "creator");
const approver = aliasedTable(user, "approver");
const sender = aliasedTable(user, "sender");
const canceller = aliasedTable(user, "canceller");

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? "" } : null);

function emptyDelivery(): DeliveryCounts {
  return Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as DeliveryCounts;
}

async function selectUpdates(db: DbOrTx, workspaceId: string, where: ReturnType<typeof and>) {
  const rows = await db
    .select({
      u: statusUpdate,
      creatorName: creator.name,
      approverName: approver.name,
      senderName: sender.name,
      cancellerName: canceller.name,
    })
    .from(statusUpdate)
    .leftJoin(creator, eq(creator.id, statusUpdate.createdBy))
    .leftJoin(approver, eq(approver.id, statusUpdate.approvedBy))
    .leftJoin(sender, eq(sender.id, statusUpdate.sentBy))
    .leftJoin(canceller, eq(canceller.id, statusUpdate.cancelledBy))
    .where(and(eq(statusUpdate.workspaceId, workspaceId), where))
    .orderBy(asc(statusUpdate.number));
  const sentIds = rows.filter((r) => r.u.state === "sent").map((r) => r.u.id);
  const counts = sentIds.length
    ? await db
        .select({
          id: message.statusUpdateId,
          state: message.state,
          n: sql<number>`count(*)::int`,
        })
        .from(message)
        .where(and(eq(message.workspaceId, workspaceId), inArray(message.statusUpdateId, sentIds)))
        .groupBy(message.statusUpdateId, message.state)
    : [];
  const deliveryOf = new Map<string, DeliveryCounts>();
  for (const c of counts) {
    const d = deliveryOf.get(c.id) ?? emptyDelivery();
    d[c.state] = Number(c.n);
    deliveryOf.set(c.id, d);
  }
  return rows.map(({ u, ...names }): StatusUpdateView => ({
    id: u.id,
    incidentId: u.incidentId,
    number: u.number,
    status: u.status,
    title: u.title,
    body: u.body,
    audience: fromAudience(u.audience),
    reach: u.reach,
    state: u.state,
    customerCount: u.customerCount,
    recipientCount: u.recipientCount,
    createdBy: person(u.createdBy, names.creatorName),
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    approvedBy: person(u.approvedBy, names.approverName),
    approvedAt: u.approvedAt,
    sentBy: person(u.sentBy, names.senderName),
    sentAt: u.sentAt,
    cancelledBy: person(u.cancelledBy, names.cancellerName),
    cancelledAt: u.cancelledAt,
    delivery: deliveryOf.get(u.id) ?? emptyDelivery(),
  }));
}

/** The incident's updates, oldest first, each with its messages counted by state. */
export async function listUpdates(db: DbOrTx, workspaceId: string, incidentId: string) {
  const [updates, settings] = await Promise.all([
    selectUpdates(db, workspaceId, and(eq(statusUpdate.incidentId, incidentId))),
    getMessagingSettings(db, workspaceId),
  ]);
  return {
    updates,
    approvalThreshold: settings.approvalThreshold,
    hasSent: updates.some((u) => u.state === "sent"),
  };
}

export async function getUpdate(
  db: DbOrTx,
  workspaceId: string,
  updateId: string,
): Promise<StatusUpdateView> {
  if (!isUuid(updateId)) throw notFound("Status update");
  const [row] = await selectUpdates(db, workspaceId, and(eq(statusUpdate.id, updateId)));
  if (!row) throw notFound("Status update");
  return row;
}

/**
 * What sending these fields would do, without storing anything: who it reaches (counts and a
 * sample) and the email the first sample recipient would get. `excludeUpdateId` leaves an
 * existing draft's own messages out (it has none until sent).
 */
export async function previewUpdate(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  fields: DraftFields,
): Promise<UpdatePreview> {
  const audience = toAudience(fields.audience);
  const s = await audienceSegment(db, workspaceId, incidentId, audience);
  const reach =
    fields.reach ?? defaultReach(fields.status, await hasSentUpdate(db, workspaceId, incidentId));
  const q = { workspaceId, incidentId, audience, reach };
  const [counts, sample, settings] = await Promise.all([
    countRecipients(db, q, s),
    sampleRecipients(db, q, s, SAMPLE_SIZE),
    getMessagingSettings(db, workspaceId),
  ]);
  const first = sample[0];
  let email: UpdatePreview["email"] = null;
  if (first) {
    const content = await contentFor(
      db,
      workspaceId,
      incidentId,
      fields.status,
      audience,
      s,
      settings,
    );
    const now = new Date();
    const [{ next }] = await db
      .select({ next: sql<number>`coalesce(max(${statusUpdate.number}), 0)::int + 1` })
      .from(statusUpdate)
      .where(
        and(eq(statusUpdate.workspaceId, workspaceId), eq(statusUpdate.incidentId, incidentId)),
      );
    const composed = await composeEmail({
      id: 0,
      workspaceId,
      customerId: first.customerId,
      email: first.email,
      name: first.name,
      locale: first.locale,
      queuedAt: now,
      update: {
        number: Number(next),
        status: fields.status,
        title: fields.title,
        body: fields.body,
        sentAt: now,
        content,
      },
    });
    email = {
      to: composed.to,
      from: composed.from,
      subject: composed.subject,
      html: composed.html,
      text: composed.text,
      noticeUrl: noticeUrl(workspaceId, first.customerId, now),
    };
  }
  return {
    reach,
    counts,
    approvalThreshold: settings.approvalThreshold,
    needsApproval: counts.recipients > settings.approvalThreshold,
    sample,
    email,
  };
}
