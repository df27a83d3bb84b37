/**
 * Unsubscribing and re-subscribing an address from a workspace's notices, through the signed
 * link of an email (server/messaging/links.ts): the preference page and RFC 8058 one-click.
 *
 * Unsubscribing puts (workspace, address) on the suppression list with reason
 * 'unsubscribed' — which every later send honours — and marks the address's messages still
 * queued in that workspace 'suppressed', in one transaction. Doing it twice changes nothing.
 * Messages a worker has already claimed ('sending') are on their way and are left alone.
 *
 * Re-subscribing removes only an 'unsubscribed' entry: an address that bounced, complained or
 * was suppressed by an admin stays suppressed.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { message, organization, suppression } from "@/db/schema";
import { readBodyText } from "@/server/api/body";
import { errorResponse, invalid, notFound } from "@/server/errors";
import { readUnsubscribeToken } from "./links";

export type SubscriptionState = "subscribed" | "unsubscribed" | "suppressed";

export interface Subscription {
  workspaceId: string;
  workspaceName: string;
  email: string;
  state: SubscriptionState;
}

/** What the token's address is to its workspace; null for a forged token or a deleted workspace. */
export async function subscription(db: Db, token: string): Promise<Subscription | null> {
  const link = readUnsubscribeToken(token);
  if (!link) return null;
  const [row] = await db
    .select({ name: organization.name, reason: suppression.reason })
    .from(organization)
    .leftJoin(
      suppression,
      and(eq(suppression.workspaceId, organization.id), eq(suppression.email, link.email)),
    )
    .where(eq(organization.id, link.workspaceId))
    .limit(1);
  if (!row) return null;
  return {
    workspaceId: link.workspaceId,
    workspaceName: row.name,
    email: link.email,
    state: !row.reason
      ? "subscribed"
      : row.reason === "unsubscribed"
        ? "unsubscribed"
        : "suppressed",
  };
}

/** Unsubscribes the token's address; the subscription afterwards, or null for a bad token. */
export async function unsubscribe(db: Db, token: string): Promise<Subscription | null> {
  const current = await subscription(db, token);
  if (!current) return null;
  const { workspaceId, email } = current;
  await db.transaction(async (tx) => {
    await tx
      .insert(suppression)
      .values({ workspaceId, email, reason: "unsubscribed", detail: "Unsubscribed by link" })
      .onConflictDoNothing({ target: [suppression.workspaceId, suppression.email] });
    await tx
      .update(message)
      .set({ state: "suppressed", error: "unsubscribed" })
      .where(
        and(
          eq(message.workspaceId, workspaceId),
          eq(message.email, email),
          eq(message.state, "queued"),
        ),
      );
  });
  return { ...current, state: current.state === "subscribed" ? "unsubscribed" : current.state };
}

/** Re-subscribes the token's address when it was unsubscribed by link (not when it bounced). */
export async function resubscribe(db: Db, token: string): Promise<Subscription | null> {
  const current = await subscription(db, token);
  if (!current) return null;
  if (current.state !== "unsubscribed") return current;
  await db
    .delete(suppression)
    .where(
      and(
        eq(suppression.workspaceId, current.workspaceId),
        eq(suppression.email, current.email),
        eq(suppression.reason, "unsubscribed"),
      ),
    );
  return { ...current, state: "subscribed" };
}

/** Whether a one-click POST's body is RFC 8058's `List-Unsubscribe=One-Click`. */
export function isOneClickBody(body: string): boolean {
  return new URLSearchParams(body).get("List-Unsubscribe") === "One-Click";
}

/**
 * POST /api/unsubscribe/<token>, RFC 8058 one-click: a mail client posts
 * `List-Unsubscribe=One-Click` without the person opening anything. 200 with no page, no
 * auth beyond the signed token, idempotent.
 */
export async function oneClickUnsubscribe(db: Db, req: Request, token: string): Promise<Response> {
  try {
    const body = await readBodyText(req, 4096);
    if (!isOneClickBody(body)) {
      throw invalid("The body must be `List-Unsubscribe=One-Click` (RFC 8058).");
    }
    const done = await unsubscribe(db, token);
    if (!done) throw notFound("Unsubscribe link");
    return new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
