/** One customer as the detail page shows it: attributes, contacts and the incidents that hit it. */
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { contact, customer, incident, incidentCustomer } from "@/db/schema";
import { notFound } from "@/server/errors";

/** The newest incidents first; a customer hit by more than this is shown the most recent ones. */
export const CUSTOMER_INCIDENTS_LIMIT = 50;

export const customerDetailSchema = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastSeenAt: z.date().nullable(),
  contacts: z.array(
    z.object({
      email: z.string(),
      name: z.string().nullable(),
      locale: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  incidents: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      title: z.string(),
      status: z.enum(["investigating", "identified", "monitoring", "resolved"]),
      severity: z.enum(["SEV1", "SEV2", "SEV3", "SEV4"]),
      startedAt: z.date(),
      resolvedAt: z.date().nullable(),
      /** observed: the customer hit an attached issue; manual: added by a person. */
      source: z.enum(["observed", "manual"]),
      firstSeenAt: z.date().nullable(),
      lastSeenAt: z.date().nullable(),
      eventCount: z.number(),
    }),
  ),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export async function getCustomer(
  db: DbOrTx,
  workspaceId: string,
  id: number,
): Promise<CustomerDetail> {
  const [row] = await db
    .select({
      id: customer.id,
      externalId: customer.externalId,
      name: customer.name,
      attributes: customer.attributes,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
      lastSeenAt: customer.lastSeenAt,
    })
    .from(customer)
    .where(and(eq(customer.workspaceId, workspaceId), eq(customer.id, id)))
    .limit(1);
  if (!row) throw notFound("Customer");

  const [contacts, incidents] = await Promise.all([
    db
      .select({
        email: contact.email,
        name: contact.name,
        locale: contact.locale,
        createdAt: contact.createdAt,
      })
      .from(contact)
      .where(and(eq(contact.workspaceId, workspaceId), eq(contact.customerId, id)))
      .orderBy(asc(contact.email)),
    db
      .select({
        id: incident.id,
        number: incident.number,
        title: incident.title,
        status: incident.status,
        severity: incident.severity,
        startedAt: incident.startedAt,
        resolvedAt: incident.resolvedAt,
        source: incidentCustomer.source,
        firstSeenAt: incidentCustomer.firstSeenAt,
        lastSeenAt: incidentCustomer.lastSeenAt,
        eventCount: incidentCustomer.eventCount,
      })
      .from(incidentCustomer)
      .innerJoin(
        incident,
        and(eq(incident.id, incidentCustomer.incidentId), eq(incident.workspaceId, workspaceId)),
      )
      .where(
        and(eq(incidentCustomer.workspaceId, workspaceId), eq(incidentCustomer.customerId, id)),
      )
      .orderBy(desc(incident.startedAt))
      .limit(CUSTOMER_INCIDENTS_LIMIT),
  ]);
  return { ...row, contacts, incidents };
}
