/**
 * Report groups for commanders (reports.ts makes them): the open groups with their customers
 * and notes, and the two ways a group closes — an incident declared from it (its customers
 * added by hand, all in one transaction), or dismissed as not a problem.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customer, reportGroup, supportReport, user } from "@/db/schema";
import { CUSTOMERS_PER_COMMAND } from "@/server/customers/named";
import { conflict, notFound } from "@/server/errors";
import { isUuid } from "@/server/incidents/aggregates";
import { addCustomers, openIncident, type IncidentSeverity } from "@/server/incidents/service";

/** Open groups shown at most, and reports shown of each (the count says how many in all). */
export const GROUPS_SHOWN = 20;
export const REPORTS_SHOWN = 10;

export interface ReportGroupView {
  id: string;
  title: string;
  firstReportedAt: Date;
  lastReportedAt: Date;
  customerCount: number;
  reports: {
    id: string;
    customer: { id: number; externalId: string; name: string | null };
    note: string;
    ticketUrl: string | null;
    reportedBy: string | null;
    reportedAt: Date;
  }[];
}

/** The workspace's open groups, the most recently reported first, newest reports first. */
export async function listOpenGroups(db: DbOrTx, workspaceId: string): Promise<ReportGroupView[]> {
  const groups = await db
    .select({
      id: reportGroup.id,
      title: reportGroup.title,
      firstReportedAt: reportGroup.firstReportedAt,
      lastReportedAt: reportGroup.lastReportedAt,
      // Spelt out: drizzle leaves columns of a one-table select unqualified inside `sql`.
      customerCount: sql<number>`(select count(*)::int from support_report r
        where r.group_id = "report_group"."id")`,
    })
    .from(reportGroup)
    .where(and(eq(reportGroup.workspaceId, workspaceId), isNull(reportGroup.closedAt)))
    .orderBy(desc(reportGroup.lastReportedAt))
    .limit(GROUPS_SHOWN);
  if (groups.length === 0) return [];
  const reports = await db
    .select({
      id: supportReport.id,
      groupId: supportReport.groupId,
      customerId: customer.id,
      externalId: customer.externalId,
      customerName: customer.name,
      note: supportReport.note,
      ticketUrl: supportReport.ticketUrl,
      reportedBy: user.name,
      reportedAt: supportReport.reportedAt,
      rank: sql<number>`row_number() over (partition by ${supportReport.groupId}
        order by ${supportReport.reportedAt} desc, ${supportReport.id})`,
    })
    .from(supportReport)
    .innerJoin(
      customer,
      and(eq(customer.id, supportReport.customerId), eq(customer.workspaceId, workspaceId)),
    )
    .leftJoin(user, eq(user.id, supportReport.reportedBy))
    .where(
      and(
        eq(supportReport.workspaceId, workspaceId),
        inArray(
          supportReport.groupId,
          groups.map((g) => g.id),
        ),
      ),
    );
  return groups.map((g) => ({
    ...g,
    customerCount: Number(g.customerCount),
    reports: reports
      .filter((r) => r.groupId === g.id && Number(r.rank) <= REPORTS_SHOWN)
      .sort((a, b) => Number(a.rank) - Number(b.rank))
      .map((r) => ({
        id: r.id,
        customer: { id: Number(r.customerId), externalId: r.externalId, name: r.customerName },
        note: r.note,
        ticketUrl: r.ticketUrl,
        reportedBy: r.reportedBy,
        reportedAt: r.reportedAt,
      })),
  }));
}

/** The open group, locked: not found for another workspace's, a conflict once closed. */
async function lockOpenGroup(tx: DbOrTx, workspaceId: string, groupId: string) {
  if (!isUuid(groupId)) throw notFound("Report group");
  const [row] = await tx
    .select({ id: reportGroup.id, title: reportGroup.title, closedAt: reportGroup.closedAt })
    .from(reportGroup)
    .where(and(eq(reportGroup.id, groupId), eq(reportGroup.workspaceId, workspaceId)))
    .for("update");
  if (!row) throw notFound("Report group");
  if (row.closedAt) throw conflict("This report group is already closed.");
  return row;
}

/**
 * Declares an incident from a group: titled as given (else after the group), its reported
 * customers added by hand as the commander, the group closed and pointing at the incident.
 */
export function declareFromGroup(
  db: DbOrTx,
  input: {
    workspaceId: string;
    groupId: string;
    actorId: string;
    title?: string;
    severity?: IncidentSeverity;
  },
): Promise<{ incidentId: string; number: number; customersAdded: number }> {
  const { workspaceId, actorId } = input;
  return db.transaction(async (tx) => {
    const group = await lockOpenGroup(tx, workspaceId, input.groupId);
    const created = await openIncident(tx, {
      workspaceId,
      actorId,
      title: input.title?.trim() || group.title,
      severity: input.severity,
    });
    const rows = await tx
      .selectDistinct({ customerId: supportReport.customerId })
      .from(supportReport)
      .where(and(eq(supportReport.groupId, group.id), eq(supportReport.workspaceId, workspaceId)));
    const ids = rows.map((r) => Number(r.customerId));
    let customersAdded = 0;
    for (let i = 0; i < ids.length; i += CUSTOMERS_PER_COMMAND) {
      const chunk = ids.slice(i, i + CUSTOMERS_PER_COMMAND);
      const { added } = await addCustomers(tx, {
        workspaceId,
        incidentId: created.id,
        actorId,
        customerIds: chunk,
      });
      customersAdded += added;
    }
    await tx
      .update(reportGroup)
      .set({ incidentId: created.id, closedAt: new Date() })
      .where(eq(reportGroup.id, group.id));
    await tx
      .update(supportReport)
      .set({ incidentId: created.id })
      .where(eq(supportReport.groupId, group.id));
    return { incidentId: created.id, number: created.number, customersAdded };
  });
}

/** Closes a group without an incident: what was reported is not (or no longer) a problem. */
export function dismissGroup(
  db: DbOrTx,
  input: { workspaceId: string; groupId: string },
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const group = await lockOpenGroup(tx, input.workspaceId, input.groupId);
    await tx.update(reportGroup).set({ closedAt: new Date() }).where(eq(reportGroup.id, group.id));
    return { id: group.id };
  });
}
