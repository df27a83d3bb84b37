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
import type { RenderedEmail, RenderInput } from "@/server/messaging/types";

export interface BatchMessage {
  id: number;
  workspaceId: string;
  statusUpdateId: string;
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
      statusUpdateId: message.statusUpdateId,
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

export function renderInputFor(m: Omit<BatchMessage, "statusUpdateId">): RenderInput {
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

/** One email rendered on its own (also the send preview's, which has no update id yet). */
export async function composeEmail(
  m: Omit<BatchMessage, "statusUpdateId">,
): Promise<OutgoingEmail> {
  return toOutgoing(m, await renderMessage(renderInputFor(m)));
}

/**
 * The batch's emails. Rendering is most of a worker's CPU (React Email, ~5–15 ms an email), and
 * in a batch the emails of one update and language differ only in four plain values: the name,
 * the address and the two links. So each such group is rendered once with marker values, and
 * each recipient's email is that rendering with the markers replaced — for recipients whose
 * values are plain (no markup-significant characters, control characters, runs of whitespace
 * or template braces: text React would write unchanged), and only after one recipient of the
 * group rendered directly came out byte for byte the same. Everyone else, and any group where
 * the check fails, is rendered directly. The choice depends only on the batch's frozen rows,
 * so a rebuilt batch is still byte for byte the same.
 */
export async function composeBatch(messages: BatchMessage[]): Promise<OutgoingEmail[]> {
  const out = new Map<number, OutgoingEmail>();
  const groups = new Map<string, BatchMessage[]>();
  for (const m of messages) {
    const key = `${m.statusUpdateId}\u0000${m.locale ?? ""}\u0000${m.name === null ? "-" : "+"}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  for (const group of groups.values()) {
    for (const email of await composeGroup(group)) out.set(email.messageId, email);
  }
  return messages.map((m) => out.get(m.id)!);
}

const MARK = {
  name: "BRMARKNAMEQX",
  email: "brmarkemailqx@example.invalid",
  notice: "https://brmarknoticeqx.invalid/n",
  unsubscribe: "https://brmarkunsubscribeqx.invalid/u",
};
const PLAIN =
  /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029&<>"'{}\s]+( [^\u0000-\u001f\u007f-\u009f\u2028\u2029&<>"'{}\s]+)*$/;
const SUBJECT_LIMIT = 150;

function fill(template: RenderedEmail, values: Record<keyof typeof MARK, string>): RenderedEmail {
  const put = (s: string) =>
    s
      .replaceAll(MARK.name, values.name)
      .replaceAll(MARK.email, values.email)
      .replaceAll(MARK.notice, values.notice)
      .replaceAll(MARK.unsubscribe, values.unsubscribe);
  return { subject: put(template.subject), html: put(template.html), text: put(template.text) };
}

function toOutgoing(
  m: Omit<BatchMessage, "statusUpdateId">,
  rendered: RenderedEmail,
): OutgoingEmail {
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

async function composeGroup(group: BatchMessage[]): Promise<OutgoingEmail[]> {
  const direct = (ms: BatchMessage[]) => Promise.all(ms.map(composeEmail));
  if (group.length < 3 || !group[0].update.content) return direct(group);
  const first = group[0];
  const frozen = JSON.stringify([first.update.content, first.update.title, first.update.body]);
  if (/brmark/i.test(frozen)) return direct(group);

  const inputs = group.map((m) => renderInputFor(m));
  const valuesOf = (i: number) => ({
    name: group[i].name ?? "",
    email: inputs[i].recipient.email,
    notice: inputs[i].links.notice,
    unsubscribe: inputs[i].links.unsubscribe,
  });
  const plain = group.map((m, i) => {
    const v = valuesOf(i);
    return (
      (m.name === null || PLAIN.test(v.name)) &&
      PLAIN.test(v.email) &&
      PLAIN.test(v.notice) &&
      PLAIN.test(v.unsubscribe)
    );
  });
  const eligible = group.filter((_, i) => plain[i]);
  if (eligible.length < 3) return direct(group);

  const marked = renderInputFor(first);
  marked.recipient = {
    ...marked.recipient,
    email: MARK.email,
    name: first.name === null ? null : MARK.name,
  };
  marked.links = { notice: MARK.notice, unsubscribe: MARK.unsubscribe };
  const template = await renderMessage(marked);
  if (Array.from(template.subject).length >= SUBJECT_LIMIT) return direct(group);

  const probe = group.findIndex((_, i) => plain[i]);
  const probed = await renderMessage(inputs[probe]);
  const filled = fill(template, valuesOf(probe));
  if (
    probed.html !== filled.html ||
    probed.text !== filled.text ||
    probed.subject !== filled.subject
  )
    return direct(group);

  return Promise.all(
    group.map(async (m, i) => {
      if (!plain[i]) return composeEmail(m);
      const rendered = i === probe ? probed : fill(template, valuesOf(i));
      // A name long enough to push the subject past its limit is cut by the renderer: render it.
      if (Array.from(rendered.subject).length >= SUBJECT_LIMIT) return composeEmail(m);
      return toOutgoing(m, rendered);
    }),
  );
}
