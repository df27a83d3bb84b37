/** The one customer an agent's report or activity names, by a contact's address or external id. */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contact, customer } from "@/db/schema";
import { conflict, notFound } from "@/server/errors";
import { normaliseIdentifier } from "./lookup";
import type { Identifier } from "./schemas";

export interface NamedCustomer {
  id: number;
  externalId: string;
  name: string | null;
}

/** How the timeline names a customer: their name, else their external id. */
export const customerLabel = (c: NamedCustomer) => c.name ?? c.externalId;

/**
 * The workspace's customer `identifier` names: not found when none; a conflict when an
 * address is a contact of several customers (the agent reports by external id then).
 */
export async function customerNamed(
  db: DbOrTx,
  workspaceId: string,
  identifier: Identifier,
): Promise<NamedCustomer> {
  const value = normaliseIdentifier(identifier);
  const columns = { id: customer.id, externalId: customer.externalId, name: customer.name };
  const rows =
    identifier.kind === "external_id"
      ? await db
          .select(columns)
          .from(customer)
          .where(and(eq(customer.workspaceId, workspaceId), eq(customer.externalId, value)))
      : await db
          .select(columns)
          .from(contact)
          .innerJoin(
            customer,
            and(eq(customer.id, contact.customerId), eq(customer.workspaceId, workspaceId)),
          )
          .where(and(eq(contact.workspaceId, workspaceId), eq(contact.email, value)))
          .orderBy(asc(customer.id))
          .limit(10);
  if (rows.length === 0) throw notFound("Customer");
  if (rows.length > 1) {
    throw conflict(
      `${identifier.value} is a contact of ${rows.length} customers; name the customer by external_id.`,
      { customers: rows.map((r) => ({ external_id: r.externalId, name: r.name })) },
    );
  }
  return { ...rows[0], id: Number(rows[0].id) };
}
