/**
 * Reading the built-in mailbox (mailbox_email): the copy of every email as it was sent when no
 * RESEND_API_KEY is set. A page of the workspace's emails, newest first, searched by recipient
 * or subject; and one email with everything its recipient sees (headers, HTML, text) and what
 * it was about (the message, its status update and incident, and the customer).
 *
 * Paging is keyset on (received_at desc, message_id desc) — one delivery batch stores its emails
 * at the same moment, and the message id keeps them in send order — under a signed cursor that
 * continues only the list of its workspace and search.
 */
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { customer, incident, mailboxEmail, message, statusUpdate } from "@/db/schema";
import { cursorCodec, cursorRowId, cursorTimestamptzText } from "@/server/cursor";
import { notFound } from "@/server/errors";
import { isUuid } from "@/server/incidents/aggregates";

export const MAILBOX_PAGE_SIZE = 50;
export const MAX_MAILBOX_PAGE_SIZE = 100;

const CURSOR = cursorCodec("mailbox", z.object({ t: cursorTimestamptzText, m: cursorRowId }));

export interface MailboxQuery {
  /** Part of the recipient's address or of the subject, any case. */
  search?: string;
  cursor?: string | null;
  limit?: number;
}

export interface MailboxListItem {
  id: string;
  from: string;
  to: string;
  subject: string;
  receivedAt: Date;
}

export interface MailboxPage {
  rows: MailboxListItem[];
  nextCursor: string | null;
  /** Emails matching the search (all of the workspace's without one); first pages only. */
  total: number | null;
}

/** `needle` anywhere in `column`, ignoring case; no LIKE, so % and _ are plain characters. */
const contains = (column: SQL | typeof mailboxEmail.to, needle: string) =>
  sql`position(${needle.toLowerCase()} in lower(${column})) > 0`;

export async function listMailbox(
  db: DbOrTx,
  workspaceId: string,
  query: MailboxQuery = {},
): Promise<MailboxPage> {
  const search = query.search?.trim() || "";
  const limit = Math.min(Math.max(query.limit ?? MAILBOX_PAGE_SIZE, 1), MAX_MAILBOX_PAGE_SIZE);
  const scope = [workspaceId, search];
  const cursor = query.cursor ? CURSOR.decode(scope, query.cursor) : null;
  const where = and(
    eq(mailboxEmail.workspaceId, workspaceId),
    search
      ? sql`(${contains(sql`${mailboxEmail.to}`, search)} or ${contains(sql`${mailboxEmail.subject}`, search)})`
      : undefined,
  );
  const after = cursor
    ? sql`(${mailboxEmail.receivedAt}, ${mailboxEmail.messageId}) < (cast(${cursor.t} as timestamptz), ${cursor.m})`
    : undefined;
  const rows = await db
    .select({
      id: mailboxEmail.id,
      messageId: mailboxEmail.messageId,
      from: mailboxEmail.from,
      to: mailboxEmail.to,
      subject: mailboxEmail.subject,
      receivedAt: mailboxEmail.receivedAt,
      sortValue: sql<string>`${mailboxEmail.receivedAt}::text`,
    })
    .from(mailboxEmail)
    .where(and(where, after))
    .orderBy(desc(mailboxEmail.receivedAt), desc(mailboxEmail.messageId))
    .limit(limit + 1);
  let total: number | null = null;
  if (!cursor) {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailboxEmail)
      .where(where);
    total = Number(c.n);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ sortValue: _s, messageId: _m, ...r }) => r),
    nextCursor:
      rows.length > limit && last
        ? CURSOR.encode(scope, { t: last.sortValue, m: last.messageId })
        : null,
    total,
  };
}

export interface MailboxEmailView extends MailboxListItem {
  html: string;
  text: string;
  headers: Record<string, string>;
  listUnsubscribe: string | null;
  listUnsubscribePost: string | null;
  /** What the email was: its message, update, incident and customer (null if since deleted). */
  message: {
    id: number;
    state: (typeof message.$inferSelect)["state"];
    customerId: number;
    customer: { id: number; externalId: string; name: string | null } | null;
    update: {
      id: string;
      number: number;
      status: (typeof statusUpdate.$inferSelect)["status"];
      title: string;
    } | null;
    incident: { id: string; number: number; title: string } | null;
  } | null;
}

/** A header by name, whatever its case in the stored map. */
function header(headers: Record<string, string>, name: string): string | null {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : headers[key];
}

/** One email of the workspace's mailbox; not found for another workspace's or a made-up id. */
export async function getMailboxEmail(
  db: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<MailboxEmailView> {
  if (!isUuid(id)) throw notFound("Email");
  const [row] = await db
    .select({
      email: mailboxEmail,
      messageId: message.id,
      messageState: message.state,
      customerId: message.customerId,
      customerExternalId: customer.externalId,
      customerName: customer.name,
      updateId: statusUpdate.id,
      updateNumber: statusUpdate.number,
      updateStatus: statusUpdate.status,
      updateTitle: statusUpdate.title,
      incidentId: incident.id,
      incidentNumber: incident.number,
      incidentTitle: incident.title,
    })
    .from(mailboxEmail)
    .leftJoin(
      message,
      and(eq(message.id, mailboxEmail.messageId), eq(message.workspaceId, workspaceId)),
    )
    .leftJoin(
      customer,
      and(eq(customer.id, message.customerId), eq(customer.workspaceId, workspaceId)),
    )
    .leftJoin(
      statusUpdate,
      and(eq(statusUpdate.id, message.statusUpdateId), eq(statusUpdate.workspaceId, workspaceId)),
    )
    .leftJoin(
      incident,
      and(eq(incident.id, message.incidentId), eq(incident.workspaceId, workspaceId)),
    )
    .where(and(eq(mailboxEmail.id, id), eq(mailboxEmail.workspaceId, workspaceId)))
    .limit(1);
  if (!row) throw notFound("Email");
  const e = row.email;
  return {
    id: e.id,
    from: e.from,
    to: e.to,
    subject: e.subject,
    receivedAt: e.receivedAt,
    html: e.html,
    text: e.text,
    headers: e.headers,
    listUnsubscribe: header(e.headers, "List-Unsubscribe"),
    listUnsubscribePost: header(e.headers, "List-Unsubscribe-Post"),
    message:
      row.messageId === null || row.messageState === null || row.customerId === null
        ? null
        : {
            id: row.messageId,
            state: row.messageState,
            customerId: row.customerId,
            customer:
              row.customerExternalId === null
                ? null
                : {
                    id: row.customerId,
                    externalId: row.customerExternalId,
                    name: row.customerName,
                  },
            update:
              row.updateId === null || row.updateNumber === null || row.updateStatus === null
                ? null
                : {
                    id: row.updateId,
                    number: row.updateNumber,
                    status: row.updateStatus,
                    title: row.updateTitle ?? "",
                  },
            incident:
              row.incidentId === null || row.incidentNumber === null
                ? null
                : {
                    id: row.incidentId,
                    number: row.incidentNumber,
                    title: row.incidentTitle ?? "",
                  },
          },
  };
}
