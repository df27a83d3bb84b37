/**
 * Test factory for status updates: a workspace with customers and their contacts, written
 * with drizzle as the customers upsert leaves them, so a test states the exact directory it
 * needs (who has which addresses, who is failing) in one call.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { contact, organization, suppression, type Attributes } from "@/db/schema";
import { seedCustomers } from "@/server/incidents/testing";

export async function bareWorkspace(db: Db, name = "Acme") {
  const id = `ws-${randomBytes(6).toString("hex")}`;
  await db.insert(organization).values({ id, name, slug: id });
  return id;
}

export interface PersonSpec {
  attributes?: Attributes;
  /** Contact addresses (any case); none: a customer without contact. */
  emails?: string[];
  name?: string;
  /** The contacts' own name; by default the customer's name. */
  contactName?: string | null;
}

/** Customers with their contacts; returns their ids in input order. */
export async function seedPeople(db: Db, workspaceId: string, people: PersonSpec[]) {
  const rows = await seedCustomers(
    db,
    workspaceId,
    people.map((p) => ({ attributes: p.attributes ?? {}, name: p.name ?? null })),
  );
  const contacts = people.flatMap((p, i) =>
    (p.emails ?? []).map((email) => ({
      workspaceId,
      customerId: Number(rows[i].id),
      email,
      name: p.contactName !== undefined ? p.contactName : (p.name ?? null),
      locale: "en",
    })),
  );
  for (let i = 0; i < contacts.length; i += 2000) {
    await db.insert(contact).values(contacts.slice(i, i + 2000));
  }
  return rows.map((r) => Number(r.id));
}

export async function suppress(
  db: Db,
  workspaceId: string,
  email: string,
  reason: "bounced" | "complained" | "unsubscribed" | "manual",
) {
  await db.insert(suppression).values({ workspaceId, email, reason });
}
