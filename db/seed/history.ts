/**
 * The demo's messaging history: yesterday's incident was told to its customers as it went —
 * investigating, identified, resolved — through the product's own send path (drafts, the
 * approval of a second commander when an update reaches more than the threshold, the outbox),
 * then delivered into the built-in mailbox, so the mailbox and the customers' notice pages
 * show them. The seed sends nothing else: the ongoing incident has no update yet.
 *
 * As with the incident's status history, everything happens at once and is then dated to the
 * moments of the story. Each update is dated before delivery renders it, so the emails carry
 * the story's dates.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statusUpdate } from "@/db/schema";
import { deliverAll, mailboxTransport } from "@/server/messaging/delivery";
import type { DraftFields } from "@/server/messaging/update-schemas";
import { approveUpdate, createDraft, sendUpdate } from "@/server/messaging/updates";

export interface DemoUpdate {
  /** Who writes and sends it. */
  authorId: string;
  /** Who approves it should it reach more than the workspace's threshold. */
  approverId: string;
  fields: DraftFields;
}

/** Drafts and sends an update as the team would have, with a second commander's approval if needed. */
export async function sendDemoUpdate(
  db: Db,
  workspaceId: string,
  incidentId: string,
  u: DemoUpdate,
): Promise<string> {
  const draft = await createDraft(db, {
    workspaceId,
    incidentId,
    actor: { userId: u.authorId },
    fields: u.fields,
  });
  const sent = await sendUpdate(db, {
    workspaceId,
    updateId: draft.id,
    actor: { userId: u.authorId },
  });
  if (sent.state === "awaiting_approval") {
    await approveUpdate(db, { workspaceId, updateId: draft.id, actor: { userId: u.approverId } });
  }
  return draft.id;
}

/** Dates an update to its moment in the story (before delivery renders its emails). */
export async function dateUpdate(db: Db, updateId: string, at: Date) {
  await db
    .update(statusUpdate)
    .set({
      createdAt: at,
      updatedAt: at,
      sentAt: at,
      approvedAt: sql`case when ${statusUpdate.approvedBy} is null then null else ${at.toISOString()}::timestamptz end`,
    })
    .where(eq(statusUpdate.id, updateId));
}

/**
 * Delivers the queued history into the built-in mailbox (never through a provider: these are
 * the story's emails, not real ones) and dates each message and mailbox copy a minute after
 * its update was sent.
 */
export async function deliverHistory(db: Db, workspaceId: string): Promise<number> {
  const steps = await deliverAll({ db, transport: mailboxTransport(db) });
  await db.execute(sql`
    update message m set
      queued_at = su.sent_at,
      next_attempt_at = su.sent_at,
      sent_at = case when m.sent_at is null then null else su.sent_at + interval '1 minute' end,
      delivered_at = case when m.delivered_at is null then null else su.sent_at + interval '1 minute' end
    from status_update su
    where su.id = m.status_update_id and m.workspace_id = ${workspaceId} and su.workspace_id = ${workspaceId}`);
  await db.execute(sql`
    update mailbox_email mb set received_at = coalesce(m.sent_at, mb.received_at)
    from message m
    where m.id = mb.message_id and mb.workspace_id = ${workspaceId} and m.workspace_id = ${workspaceId}`);
  return steps.length;
}
