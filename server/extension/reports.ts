/**
 * What agents report from a ticket (docs/extension.md, POST /reports):
 *
 * - "affected": the customer is added by hand to an active incident through the incident
 *   service (as the agent), and the incident's timeline gets a `customer_reported` entry with
 *   the agent's note — one transaction, so a refused report leaves nothing behind.
 * - "suspected": a customer-reported signal of a problem no incident covers yet. It joins the
 *   open report group of the workspace with the same note signature (signature.ts) reported
 *   within GROUP_WINDOW_MS, else starts one; commanders see the groups and declare an incident
 *   from one (groups.ts). Two reports racing for the same new group meet on an advisory lock
 *   of (workspace, signature), so they never start two groups.
 */
import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incident, incidentActivity, reportGroup, supportReport } from "@/db/schema";
import { conflict, invalid } from "@/server/errors";
import { resolveIncidentId } from "@/server/incidents/queries";
import { addCustomers } from "@/server/incidents/service";
import type { ExtensionCaller } from "./auth";
import { customerLabel, customerNamed } from "./customers";
import type { ReportBody } from "./schemas";
import { noteSignature } from "./signature";

/** A suspected report joins a group whose last report is at most this old. */
export const GROUP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The timeline's kind for a report from a ticket: to_value the customer, note the agent's. */
export const CUSTOMER_REPORTED = "customer_reported";

export interface ReportResult {
  reportId: string;
  groupId: string | null;
  customersInGroup: number | null;
}

type Affected = Extract<ReportBody, { kind: "affected" }>;
type Suspected = Extract<ReportBody, { kind: "suspected" }>;

export async function reportAffected(
  db: Db,
  caller: ExtensionCaller,
  input: Affected,
): Promise<ReportResult> {
  const workspaceId = caller.workspace.id;
  const incidentId = await resolveIncidentId(db, workspaceId, input.incident_id);
  const c = await customerNamed(db, workspaceId, input.customer);
  const note = input.note?.trim() || null;
  return db.transaction(async (tx) => {
    // The service locks the incident; its status is read under that lock.
    await addCustomers(tx, {
      workspaceId,
      incidentId,
      actorId: caller.user.id,
      customerIds: [c.id],
    });
    const [inc] = await tx
      .select({ number: incident.number, status: incident.status })
      .from(incident)
      .where(and(eq(incident.id, incidentId), eq(incident.workspaceId, workspaceId)));
    if (inc.status === "resolved") {
      throw conflict(`INC-${inc.number} is resolved; report the customer as a suspected problem.`);
    }
    await tx.insert(incidentActivity).values({
      workspaceId,
      incidentId,
      kind: CUSTOMER_REPORTED,
      toValue: customerLabel(c),
      note,
      actorId: caller.user.id,
    });
    const [report] = await tx
      .insert(supportReport)
      .values({
        workspaceId,
        kind: "affected",
        incidentId,
        customerId: c.id,
        note: note ?? "",
        ticketUrl: input.ticket_url ?? null,
        reportedBy: caller.user.id,
        tokenId: caller.tokenId,
      })
      .returning({ id: supportReport.id });
    return { reportId: report.id, groupId: null, customersInGroup: null };
  });
}

export async function reportSuspected(
  db: Db,
  caller: ExtensionCaller,
  input: Suspected,
  now: Date = new Date(),
): Promise<ReportResult> {
  const workspaceId = caller.workspace.id;
  const note = input.note.trim();
  const signature = noteSignature(note);
  if (!signature) {
    throw invalid("Invalid request body: note: Say what is wrong in a few words of your own.");
  }
  const c = await customerNamed(db, workspaceId, input.customer);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`report_group:${workspaceId}:${signature}`}, 0))`,
    );
    const since = new Date(now.getTime() - GROUP_WINDOW_MS);
    const [open] = await tx
      .select({ id: reportGroup.id })
      .from(reportGroup)
      .where(
        and(
          eq(reportGroup.workspaceId, workspaceId),
          eq(reportGroup.signature, signature),
          isNull(reportGroup.closedAt),
          gte(reportGroup.lastReportedAt, since),
        ),
      )
      .orderBy(desc(reportGroup.lastReportedAt))
      .limit(1);
    const groupId =
      open?.id ??
      (
        await tx
          .insert(reportGroup)
          .values({
            workspaceId,
            signature,
            title: note.length > 200 ? `${note.slice(0, 199)}…` : note,
            firstReportedAt: now,
            lastReportedAt: now,
          })
          .returning({ id: reportGroup.id })
      )[0].id;
    // One report per customer and group: the same customer again (another ticket, a second
    // click) keeps the first report, and the group is still "last reported" now.
    const [inserted] = await tx
      .insert(supportReport)
      .values({
        workspaceId,
        kind: "suspected",
        groupId,
        customerId: c.id,
        note,
        ticketUrl: input.ticket_url ?? null,
        reportedBy: caller.user.id,
        tokenId: caller.tokenId,
        reportedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: supportReport.id });
    const reportId =
      inserted?.id ??
      (
        await tx
          .select({ id: supportReport.id })
          .from(supportReport)
          .where(and(eq(supportReport.groupId, groupId), eq(supportReport.customerId, c.id)))
      )[0].id;
    await tx
      .update(reportGroup)
      .set({
        lastReportedAt: sql`greatest(${reportGroup.lastReportedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(reportGroup.id, groupId));
    const [{ customers }] = await tx
      .select({ customers: count() })
      .from(supportReport)
      .where(eq(supportReport.groupId, groupId));
    return { reportId, groupId, customersInGroup: customers };
  });
}
