/**
 * Every message one customer was sent: for each, the incident and status update it carried,
 * the address, its delivery state with the moment of each step, why it failed or was
 * suppressed, and its copy in the built-in mailbox when it went there.
 *
 * Newest first by message id (rows are written in send order, so the id orders them as
 * queued_at does, without ties), keyset-paged under a signed cursor that continues only the
 * list of its workspace and customer.
 */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { customer, incident, mailboxEmail, message, statusUpdate } from "@/db/schema";
import { cursorCodec, cursorRowId } from "@/server/cursor";
import { notFound } from "@/server/errors";

export const CUSTOMER_MESSAGES_PAGE_SIZE = 20;
export const MAX_CUSTOMER_MESSAGES_PAGE_SIZE = 100;

const CURSOR = cursorCodec("customer-messages", z.object({ i: cursorRowId }));

type Row = typeof message.$inferSelect;

export interface CustomerMessage {
  id: number;
  email: string;
  state: Row["state"];
  error: string | null;
  attempts: number;
  queuedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  bouncedAt: Date | null;
  complainedAt: Date | null;
  failedAt: Date | null;
  incident: { id: string; number: number; title: string };
  update: {
    id: string;
    number: number;
    status: (typeof statusUpdate.$inferSelect)["status"];
    title: string;
  };
  /** Its copy in the built-in mailbox; null when it went through Resend or is not sent yet. */
  mailboxEmailId: string | null;
}

export interface CustomerMessagesPage {
  rows: CustomerMessage[];
  nextCursor: string | null;
  /** All of the customer's messages; first pages only. */
  total: number | null;
}

export async function listCustomerMessages(
  db: DbOrTx,
  workspaceId: string,
  customerId: number,
  query: { cursor?: string | null; limit?: number } = {},
): Promise<CustomerMessagesPage> {
  const limit = Math.min(
    Math.max(query.limit ?? CUSTOMER_MESSAGES_PAGE_SIZE, 1),
    MAX_CUSTOMER_MESSAGES_PAGE_SIZE,
  );
  const scope = [workspaceId, customerId];
  const cursor = query.cursor ? CURSOR.decode(scope, query.cursor) : null;
  const [found] = await db
    .select({ id: customer.id })
    .from(customer)
    .where(and(eq(customer.workspaceId, workspaceId), eq(customer.id, customerId)));
  if (!found) throw notFound("Customer");

  const where = and(eq(message.workspaceId, workspaceId), eq(message.customerId, customerId));
  const rows = await db
    .select({
      m: message,
      incidentNumber: incident.number,
      incidentTitle: incident.title,
      updateNumber: statusUpdate.number,
      updateStatus: statusUpdate.status,
      updateTitle: statusUpdate.title,
      mailboxEmailId: mailboxEmail.id,
    })
    .from(message)
    .innerJoin(
      statusUpdate,
      and(eq(statusUpdate.id, message.statusUpdateId), eq(statusUpdate.workspaceId, workspaceId)),
    )
    .innerJoin(
      incident,
      and(eq(incident.id, message.incidentId), eq(incident.workspaceId, workspaceId)),
    )
    .leftJoin(
      mailboxEmail,
      and(eq(mailboxEmail.messageId, message.id), eq(mailboxEmail.workspaceId, workspaceId)),
    )
    .where(and(where, cursor ? lt(message.id, cursor.i) : undefined))
    .orderBy(desc(message.id))
    .limit(limit + 1);
  let total: number | null = null;
  if (!cursor) {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(message)
      .where(where);
    total = Number(c.n);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ m, ...r }) => ({
      id: m.id,
      email: m.email,
      state: m.state,
      error: m.error,
      attempts: m.attempts,
      queuedAt: m.queuedAt,
      sentAt: m.sentAt,
      deliveredAt: m.deliveredAt,
      openedAt: m.openedAt,
      bouncedAt: m.bouncedAt,
      complainedAt: m.complainedAt,
      failedAt: m.failedAt,
      incident: { id: m.incidentId, number: r.incidentNumber, title: r.incidentTitle },
      update: {
        id: m.statusUpdateId,
        number: r.updateNumber,
        status: r.updateStatus,
        title: r.updateTitle,
      },
      mailboxEmailId: r.mailboxEmailId,
    })),
    nextCursor: rows.length > limit && last ? CURSOR.encode(scope, { i: last.m.id }) : null,
    total,
  };
}
