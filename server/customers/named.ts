/**
 * Customers named by their internal ids in a command (add to an incident, exclude from an
 * audience): all of them must be the workspace's, and the timeline names them by external id.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customer } from "@/db/schema";
import { invalid, notFound } from "@/server/errors";

/** Customers one command may name. */
export const CUSTOMERS_PER_COMMAND = 1000;

/** The named customers of the workspace (all of them, or not found), deduplicated. */
export async function namedCustomers(tx: Tx, workspaceId: string, customerIds: number[]) {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) throw invalid("customerIds: Name at least one customer");
  if (ids.length > CUSTOMERS_PER_COMMAND) {
    throw invalid(`customerIds: At most ${CUSTOMERS_PER_COMMAND} customers at a time`);
  }
  if (!ids.every((id) => Number.isSafeInteger(id) && id > 0)) throw notFound("Customer");
  const rows = await tx
    .select({ id: customer.id, externalId: customer.externalId })
    .from(customer)
    .where(and(eq(customer.workspaceId, workspaceId), inArray(customer.id, ids)));
  if (rows.length !== ids.length) throw notFound("Customer");
  return rows;
}

/** "cus_1, cus_2 and 3 more": the external ids of `ids`, sorted, at most 20 named. */
export function externalIdsOf(customers: { id: number; externalId: string }[], ids: number[]) {
  const byId = new Map(customers.map((c) => [Number(c.id), c.externalId]));
  const names = ids.map((id) => byId.get(Number(id)) ?? String(id)).sort();
  const shown = names.slice(0, 20).join(", ");
  return names.length > 20 ? `${shown} and ${names.length - 20} more` : shown;
}
