/**
 * Test factory for the incident read side: real rows in a real database, written with
 * drizzle exactly as the ingest pipeline leaves them (customers, an incident, its affected
 * customers as aggregates, its events per minute, its activity). Tests of the write side go
 * through ingestEvents and the incident service instead; this factory lets read tests set
 * up precise shapes (a 3-hour incident, 40 customers of one region) in one call.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  customer,
  incident,
  incidentActivity,
  incidentCustomer,
  incidentIssue,
  incidentMinute,
  issue,
  type Attributes,
} from "@/db/schema";
import { unique } from "@/server/testing/fixtures";

export interface SeedCustomer {
  externalId?: string;
  name?: string | null;
  attributes?: Attributes;
}

/** Inserts customers into a workspace and returns their ids in input order. */
export async function seedCustomers(db: Db, workspaceId: string, customers: SeedCustomer[]) {
  if (customers.length === 0) return [];
  const rows = [];
  for (let i = 0; i < customers.length; i += 1000) {
    const chunk = customers.slice(i, i + 1000).map((c) => ({
      workspaceId,
      externalId: c.externalId ?? unique("cus"),
      name: c.name ?? null,
      attributes: c.attributes ?? {},
    }));
    rows.push(
      ...(await db
        .insert(customer)
        .values(chunk)
        .returning({ id: customer.id, externalId: customer.externalId })),
    );
  }
  return rows;
}

export interface SeedAffected {
  customerId: number;
  source?: "observed" | "manual";
  addedBy?: string | null;
  firstSeenAt?: Date | null;
  lastSeenAt?: Date | null;
  eventCount?: number;
}

export interface SeedIncidentInput {
  title?: string;
  status?: "investigating" | "identified" | "monitoring" | "resolved";
  severity?: "SEV1" | "SEV2" | "SEV3" | "SEV4";
  startedAt?: Date;
  resolvedAt?: Date | null;
  openedBy?: string | null;
  affected?: SeedAffected[];
  /** Events per minute: `{ minute, events }` rows (minute is truncated to the minute). */
  minutes?: { minute: Date; events: number }[];
  activity?: {
    kind: string;
    fromValue?: string | null;
    toValue?: string | null;
    actorId?: string | null;
    at?: Date;
  }[];
}

/**
 * Creates an incident with its aggregates. The incident's counters (affected customers,
 * events, last event) are set from the rows, as the ingest pipeline keeps them.
 */
export async function seedIncident(db: Db, workspaceId: string, input: SeedIncidentInput = {}) {
  const affected = input.affected ?? [];
  const minutes = input.minutes ?? [];
  const eventCount = minutes.reduce((s, m) => s + m.events, 0);
  const lastMinute = minutes.length
    ? new Date(Math.max(...minutes.map((m) => m.minute.getTime())))
    : null;
  const [{ next }] = await db
    .select({ next: sql<number>`coalesce(max(${incident.number}), 0)::int + 1` })
    .from(incident)
    .where(sql`${incident.workspaceId} = ${workspaceId}`);
  const status = input.status ?? "investigating";
  const [row] = await db
    .insert(incident)
    .values({
      workspaceId,
      number: next,
      title: input.title ?? `Checkout errors ${unique("t")}`,
      status,
      severity: input.severity ?? "SEV2",
      openedBy: input.openedBy ?? null,
      startedAt: input.startedAt ?? new Date(),
      resolvedAt: input.resolvedAt ?? (status === "resolved" ? new Date() : null),
      affectedCustomerCount: affected.length,
      eventCount,
      lastEventAt: lastMinute,
    })
    .returning();
  for (let i = 0; i < affected.length; i += 2000) {
    await db.insert(incidentCustomer).values(
      affected.slice(i, i + 2000).map((a) => ({
        workspaceId,
        incidentId: row.id,
        customerId: a.customerId,
        source: a.source ?? "observed",
        addedBy: a.addedBy ?? null,
        firstSeenAt: a.firstSeenAt === undefined ? row.startedAt : a.firstSeenAt,
        lastSeenAt: a.lastSeenAt === undefined ? row.startedAt : a.lastSeenAt,
        eventCount: a.eventCount ?? (a.source === "manual" ? 0 : 1),
      })),
    );
  }
  for (let i = 0; i < minutes.length; i += 2000) {
    await db.insert(incidentMinute).values(
      minutes.slice(i, i + 2000).map((m) => ({
        workspaceId,
        incidentId: row.id,
        minute: new Date(Math.floor(m.minute.getTime() / 60_000) * 60_000),
        events: m.events,
      })),
    );
  }
  if (input.activity?.length) {
    await db.insert(incidentActivity).values(
      input.activity.map((a) => ({
        workspaceId,
        incidentId: row.id,
        kind: a.kind,
        fromValue: a.fromValue ?? null,
        toValue: a.toValue ?? null,
        actorId: a.actorId ?? null,
        at: a.at ?? new Date(),
      })),
    );
  }
  return row;
}

/** An issue (fingerprint group) of the workspace, optionally attached to an incident. */
export async function seedIssue(
  db: Db,
  workspaceId: string,
  input: {
    service?: string;
    errorType?: string;
    message?: string;
    eventCount?: number;
    customerCount?: number;
    lastSeenAt?: Date;
    attachTo?: { incidentId: string; attachedBy?: string | null };
  } = {},
) {
  const now = input.lastSeenAt ?? new Date();
  const [row] = await db
    .insert(issue)
    .values({
      workspaceId,
      fingerprint: unique("fp"),
      service: input.service ?? "checkout",
      errorType: input.errorType ?? "TimeoutError",
      message: input.message ?? "upstream payment gateway timed out after 30000 ms",
      firstSeenAt: new Date(now.getTime() - 3_600_000),
      lastSeenAt: now,
      eventCount: input.eventCount ?? 10,
      customerCount: input.customerCount ?? 3,
    })
    .returning();
  if (input.attachTo) {
    await db.insert(incidentIssue).values({
      workspaceId,
      incidentId: input.attachTo.incidentId,
      issueId: row.id,
      attachedBy: input.attachTo.attachedBy ?? null,
    });
  }
  return row;
}
