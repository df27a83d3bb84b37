/**
 * One batch's emails, built only from what was frozen when the update was sent: the message
 * rows (address, name, locale) and their update with its content snapshot. Nothing live is read,
 * so a batch rebuilt after a crash is byte for byte the payload first offered to the provider
 * under the batch's idempotency key — the provider answers it without sending twice, where any
 * difference would make it refuse the key (invalid_idempotent_request).
 */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { message, statusUpdate, type UpdateContent } from "@/db/schema";
import { noticeUrl, oneClickUnsubscribeUrl, unsubscribeUrl } from "@/server/messaging/links";
import { renderMessage, templateFor } from "@/server/messaging/render";
import type { IncidentStatus } from "@/server/messaging/schema-types";
import type { RenderInput } from "@/server/messaging/types";

export interface BatchMessage {
  id: number;
  workspaceId: string;
  customerId: number;
  email: string;
  name: string | null;
  locale: string | null;
  queuedAt: Date;
  update: {
    number: number;
    status: IncidentStatus;
    title: string;
    body: string;
    sentAt: Date | null;
    content: UpdateContent | null;
  };
}

/** What a transport is handed: one email per message, in message id order. */
export interface OutgoingEmail {
  messageId: number;
  workspaceId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** The batch's messages with their updates, ordered by message id. */
export async function loadBatch(
  db: DbOrTx,
  workspaceId: string,
  batchId: string,
): Promise<BatchMessage[]> {
  const rows = await db
    .select({
      id: message.id,
      workspaceId: message.workspaceId,
      customerId: message.customerId,
      email: message.email,
      name: message.name,
      locale: message.locale,
      queuedAt: message.queuedAt,
      number: statusUpdate.number,
      status: statusUpdate.status,
      title: statusUpdate.title,
      body: statusUpdate.body,
      sentAt: statusUpdate.sentAt,
      content: statusUpdate.content,
    })
    .from(message)
    .innerJoin(
      statusUpdate,
      and(
        eq(statusUpdate.id, message.statusUpdateId),
        eq(statusUpdate.workspaceId, message.workspaceId),
      ),
    )
    .where(and(eq(message.workspaceId, workspaceId), eq(message.batchId, batchId)))
    .orderBy(asc(message.id));
  return rows.map(({ number, status, title, body, sentAt, content, ...m }) => ({
    ...m,
    update: { number, status, title, body, sentAt, content },
  }));
}

export function renderInputFor(m: BatchMessage): RenderInput {
  const content = m.update.content;
  if (!content) throw new Error("the update has no content snapshot (was it sent?)");
  // The notice link's expiry counts from when the update was sent: fixed once sent.
  const sentAt = m.update.sentAt ?? m.queuedAt;
  return {
    workspaceName: content.workspaceName,
    incidentReference: content.incidentReference,
    incidentTitle: content.incidentTitle,
    segmentInWords: content.segmentInWords,
    update: {
      number: m.update.number,
      status: m.update.status,
      title: m.update.title,
      body: m.update.body,
      sentAt,
    },
    recipient: {
      email: m.email,
      name: m.name,
      // Only the snapshot on the message row is used: a customer renamed between two attempts
      // must not change the payload.
      customerName: null,
      locale: m.locale,
    },
    template: templateFor(content.templates, m.locale),
    links: {
      notice: noticeUrl(m.workspaceId, m.customerId, sentAt),
      unsubscribe: unsubscribeUrl(m.workspaceId, m.email),
    },
  };
}

/** RFC 8058 one-click unsubscribe, which mail clients show as an "Unsubscribe" button. */
export function unsubscribeHeaders(workspaceId: string, email: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${oneClickUnsubscribeUrl(workspaceId, email)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

export async function composeEmail(m: BatchMessage): Promise<OutgoingEmail> {
  const rendered = await renderMessage(renderInputFor(m));
  return {
    messageId: m.id,
    workspaceId: m.workspaceId,
    from: m.update.content!.from,
    to: m.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: unsubscribeHeaders(m.workspaceId, m.email),
  };
}

export async function composeBatch(messages: BatchMessage[]): Promise<OutgoingEmail[]> {
  const out: OutgoingEmail[] = [];
  for (const m of messages) out.push(await composeEmail(m));
  return out;
}
