/**
 * The suppression list as admins manage it: the addresses a workspace must not write to,
 * why (a bounce or complaint the provider reported, an unsubscribe by the customer's own
 * link, or an admin's hand), and who added them.
 *
 * Every send honours the list at claim time (delivery/batches.ts), so adding an address here
 * keeps it out of every later send, and removing one lets the next send write to it again.
 * Unsubscribes live in the same table (reason 'unsubscribed', see unsubscribe.ts) but are the
 * customer's own choice: an admin may not remove them — only the customer re-subscribes,
 * through the link in any email.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { suppression, suppressionReason, user } from "@/db/schema";
import { cursorCodec, cursorText, cursorTimestamptzText } from "@/server/cursor";
import { conflict, forbidden, notFound } from "@/server/errors";

export const SUPPRESSION_REASONS = suppressionReason.enumValues;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const SUPPRESSION_PAGE_SIZE = 50;
export const MAX_SUPPRESSION_PAGE_SIZE = 100;
/** The longest address RFC 5321 allows. */
export const MAX_ADDRESS_LENGTH = 254;

/** Reasons an admin may lift; an unsubscribe is the customer's to undo. */
export const removable = (reason: SuppressionReason) => reason !== "unsubscribed";

const CURSOR = cursorCodec(
  "suppressions",
  z.object({ t: cursorTimestamptzText, e: cursorText(MAX_ADDRESS_LENGTH * 4) }),
);

export interface SuppressionQuery {
  /** Part of the address, any case. */
  search?: string;
  cursor?: string | null;
  limit?: number;
}

export interface SuppressionItem {
  email: string;
  reason: SuppressionReason;
  detail: string | null;
  /** The message whose bounce or complaint put it here, if any. */
  messageId: number | null;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  removable: boolean;
}

export interface SuppressionPage {
  rows: SuppressionItem[];
  nextCursor: string | null;
  /** Entries matching the search; first pages only. */
  total: number | null;
}

/** Newest first, searched by address; keyset on (created_at desc, email desc). */
export async function listSuppressions(
  db: DbOrTx,
  workspaceId: string,
  query: SuppressionQuery = {},
): Promise<SuppressionPage> {
  const search = query.search?.trim().toLowerCase() || "";
  const limit = Math.min(
    Math.max(query.limit ?? SUPPRESSION_PAGE_SIZE, 1),
    MAX_SUPPRESSION_PAGE_SIZE,
  );
  const scope = [workspaceId, search];
  const cursor = query.cursor ? CURSOR.decode(scope, query.cursor) : null;
  const where = and(
    eq(suppression.workspaceId, workspaceId),
    search ? sql`position(${search} in lower(${suppression.email})) > 0` : undefined,
  );
  const after = cursor
    ? sql`(${suppression.createdAt}, ${suppression.email}) < (cast(${cursor.t} as timestamptz), ${cursor.e})`
    : undefined;
  const rows = await db
    .select({
      email: suppression.email,
      reason: suppression.reason,
      detail: suppression.detail,
      messageId: suppression.messageId,
      createdAt: suppression.createdAt,
      createdById: suppression.createdBy,
      createdByName: user.name,
      sortValue: sql<string>`${suppression.createdAt}::text`,
    })
    .from(suppression)
    .leftJoin(user, eq(user.id, suppression.createdBy))
    .where(and(where, after))
    .orderBy(desc(suppression.createdAt), desc(suppression.email))
    .limit(limit + 1);
  let total: number | null = null;
  if (!cursor) {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(suppression)
      .where(where);
    total = Number(c.n);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      email: r.email,
      reason: r.reason,
      detail: r.detail,
      messageId: r.messageId,
      createdAt: r.createdAt,
      createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? "" } : null,
      removable: removable(r.reason),
    })),
    nextCursor:
      rows.length > limit && last
        ? CURSOR.encode(scope, { t: last.sortValue, e: last.email })
        : null,
    total,
  };
}

const REASON_IN_WORDS: Record<SuppressionReason, string> = {
  bounced: "it bounced",
  complained: "its recipient marked an email as spam",
  unsubscribed: "its recipient unsubscribed",
  manual: "an admin added it",
};

/** Puts an address on the list by hand; a conflict when it is there already, for any reason. */
export async function addSuppression(
  db: DbOrTx,
  input: { workspaceId: string; email: string; note: string | null; actorId: string },
): Promise<SuppressionItem> {
  const email = input.email.trim().toLowerCase();
  const [inserted] = await db
    .insert(suppression)
    .values({
      workspaceId: input.workspaceId,
      email,
      reason: "manual",
      detail: input.note?.trim() || null,
      createdBy: input.actorId,
    })
    .onConflictDoNothing({ target: [suppression.workspaceId, suppression.email] })
    .returning();
  if (!inserted) {
    const [existing] = await db
      .select({ reason: suppression.reason })
      .from(suppression)
      .where(and(eq(suppression.workspaceId, input.workspaceId), eq(suppression.email, email)));
    throw conflict(
      `${email} is already on the suppression list: ${REASON_IN_WORDS[existing?.reason ?? "manual"]}.`,
    );
  }
  const [creator] = await db
    .select({ name: user.name })
    .from(user)
    .where(eq(user.id, input.actorId));
  return {
    email: inserted.email,
    reason: inserted.reason,
    detail: inserted.detail,
    messageId: inserted.messageId,
    createdAt: inserted.createdAt,
    createdBy: { id: input.actorId, name: creator?.name ?? "" },
    removable: true,
  };
}

/**
 * Takes an address off the list, so that later sends write to it again. Not found when it is
 * not on this workspace's list; refused for an unsubscribe, which is the customer's choice.
 */
export async function removeSuppression(
  db: DbOrTx,
  input: { workspaceId: string; email: string },
): Promise<{ email: string; reason: SuppressionReason }> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await db
    .select({ reason: suppression.reason })
    .from(suppression)
    .where(and(eq(suppression.workspaceId, input.workspaceId), eq(suppression.email, email)));
  if (!existing) throw notFound("Suppression");
  if (!removable(existing.reason)) {
    throw forbidden(
      `${email} unsubscribed by its own choice; only its owner can re-subscribe, through the link in any email.`,
    );
  }
  const [removed] = await db
    .delete(suppression)
    .where(
      and(
        eq(suppression.workspaceId, input.workspaceId),
        eq(suppression.email, email),
        sql`${suppression.reason} <> 'unsubscribed'`,
      ),
    )
    .returning({ email: suppression.email, reason: suppression.reason });
  if (!removed) throw notFound("Suppression");
  return removed;
}
