/**
 * Incident commands: open, attach/detach issues, change title/severity/status, add or remove
 * affected customers by hand. Each runs in one transaction, checks that every id belongs to
 * `workspaceId` (not found otherwise), keeps the aggregates of aggregates.ts true and records
 * each change in incident_activity with who (`actorId`, null for Blastradius itself) and when.
 *
 * Activity kinds and values: opened (to: initial status), status / severity / title
 * (from → to), issue_attached / issue_detached (to / from: issue id), customer_added /
 * customer_removed (to / from: the customers' external ids, comma-separated, at most 20
 * named then "and N more").
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import {
  incident,
  incidentActivity,
  incidentCustomer,
  incidentIssue,
  incidentSeverity,
  incidentStatus,
} from "@/db/schema";
import { invalid, conflict, notFound } from "@/server/errors";
import { externalIdsOf, namedCustomers } from "@/server/customers/named";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { list, queryRows } from "@/server/ingest/sql";
import { lockIssuesExclusively } from "./locks";
import {
  backfillIncidentFromIssue,
  isUuid,
  lockIncident,
  lockIncidentWithIssues,
  recomputeIncident,
  recountAffectedCustomers,
} from "./aggregates";

export type IncidentStatus = (typeof incident.$inferSelect)["status"];
export type IncidentSeverity = (typeof incident.$inferSelect)["severity"];
export type Incident = typeof incident.$inferSelect;

export const SEVERITIES = incidentSeverity.enumValues;
export const STATUSES = incidentStatus.enumValues;

export interface CreateIncidentInput {
  workspaceId: string;
  title: string;
  severity?: IncidentSeverity;
  actorId: string | null;
  issueIds?: string[];
}

/** Opens an incident by hand (status investigating), optionally with issues attached. */
export function createIncident(db: DbOrTx, input: CreateIncidentInput): Promise<Incident> {
  return db.transaction((tx) => openIncident(tx, input));
}

/** The body of createIncident, also used by auto-open after an ingest batch. */
export async function openIncident(
  tx: Tx,
  input: CreateIncidentInput & { startedAt?: Date },
): Promise<Incident> {
  const { workspaceId, actorId } = input;
  const title = checkTitle(input.title);
  const issueIds = [...new Set(input.issueIds ?? [])];
  // Issues first (lock order: issues before incidents), then the per-workspace number.
  const issues = issueIds.length ? await lockIssues(tx, workspaceId, issueIds) : [];
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${"incident_number:" + workspaceId}, 0))`,
  );
  const firstSeen = issues.map((i) => i.firstSeenMs).filter(Number.isFinite);
  const startedAt =
    input.startedAt ?? (firstSeen.length ? new Date(Math.min(...firstSeen)) : new Date());
  const [created] = await tx
    .insert(incident)
    .values({
      workspaceId,
      number: sql`(select coalesce(max(number), 0) + 1 from incident where workspace_id = ${workspaceId})`,
      title,
      severity: checkSeverity(input.severity ?? "SEV3"),
      status: "investigating",
      openedBy: actorId,
      startedAt,
    })
    .returning();
  await record(tx, created, "opened", null, created.status, actorId);
  for (const issue of issues) {
    await tx.insert(incidentIssue).values({
      workspaceId,
      incidentId: created.id,
      issueId: issue.id,
      attachedBy: actorId,
    });
    await backfillIncidentFromIssue(tx, workspaceId, created.id, issue.id);
    await record(tx, created, "issue_attached", null, issue.id, actorId);
  }
  return issues.length ? reload(tx, created.id) : created;
}

export interface IssueCommandInput {
  workspaceId: string;
  incidentId: string;
  issueId: string;
  actorId: string | null;
}

/** Attaches an issue and merges its affected customers and per-minute counts in. */
export function attachIssue(db: DbOrTx, input: IssueCommandInput): Promise<Incident> {
  const { workspaceId, incidentId, issueId, actorId } = input;
  return db.transaction(async (tx) => {
    if (!isUuid(issueId)) throw notFound("Issue");
    await lockIssues(tx, workspaceId, [issueId]);
    const locked = await lockIncident(tx, workspaceId, incidentId);
    const inserted = await tx
      .insert(incidentIssue)
      .values({ workspaceId, incidentId, issueId, attachedBy: actorId })
      .onConflictDoNothing()
      .returning({ issueId: incidentIssue.issueId });
    if (inserted.length === 0) throw conflict("This issue is already attached to the incident.");
    await backfillIncidentFromIssue(tx, workspaceId, incidentId, issueId);
    await record(tx, { workspaceId, id: locked.id }, "issue_attached", null, issueId, actorId);
    return reload(tx, incidentId);
  });
}

/** Detaches an issue; observed customers and counts are rebuilt from the remaining issues. */
export function detachIssue(db: DbOrTx, input: IssueCommandInput): Promise<Incident> {
  const { workspaceId, incidentId, issueId, actorId } = input;
  return db.transaction(async (tx) => {
    if (!isUuid(issueId)) throw notFound("Issue");
    const locked = await lockIncidentWithIssues(tx, workspaceId, incidentId);
    if (!locked.issueIds.includes(issueId)) throw notFound("Issue");
    await tx
      .delete(incidentIssue)
      .where(and(eq(incidentIssue.incidentId, incidentId), eq(incidentIssue.issueId, issueId)));
    await recomputeIncident(tx, workspaceId, incidentId);
    await record(tx, { workspaceId, id: incidentId }, "issue_detached", issueId, null, actorId);
    return reload(tx, incidentId);
  });
}

export interface UpdateIncidentInput {
  workspaceId: string;
  incidentId: string;
  actorId: string | null;
  title?: string;
  severity?: IncidentSeverity;
  status?: IncidentStatus;
  /** Why the status changes, in the responder's words: kept on the status change's timeline row. */
  note?: string;
}

/** The longest note a status change takes. */
export const MAX_NOTE_LENGTH = 2000;

/**
 * Changes title, severity and/or status; each actual change is one activity row. Resolving
 * sets resolved_at; reopening clears it and rebuilds the aggregates, since a resolved
 * incident stops receiving events.
 */
export function updateIncident(db: DbOrTx, input: UpdateIncidentInput): Promise<Incident> {
  const { workspaceId, incidentId, actorId } = input;
  return db.transaction(async (tx) => {
    const mayReopen = input.status !== undefined && input.status !== "resolved";
    if (mayReopen) await lockIncidentWithIssues(tx, workspaceId, incidentId);
    else await lockIncident(tx, workspaceId, incidentId);
    const current = await reload(tx, incidentId);
    const changes: Partial<typeof incident.$inferInsert> = {};
    const ref = { workspaceId, id: incidentId };
    if (input.title !== undefined) {
      const title = checkTitle(input.title);
      if (title !== current.title) {
        changes.title = title;
        await record(tx, ref, "title", current.title, title, actorId);
      }
    }
    if (input.severity !== undefined && !SEVERITIES.includes(input.severity)) {
      throw invalid(`Severity is one of ${SEVERITIES.join(", ")}.`);
    }
    if (input.status !== undefined && !STATUSES.includes(input.status)) {
      throw invalid(`Status is one of ${STATUSES.join(", ")}.`);
    }
    const note = checkNote(input.note);
    if (note !== null && (input.status === undefined || input.status === current.status)) {
      throw invalid(
        input.status === undefined
          ? "A note goes with a status change."
          : `A note goes with a status change, and the incident is already ${current.status}.`,
      );
    }
    if (input.severity !== undefined && input.severity !== current.severity) {
      changes.severity = input.severity;
      await record(tx, ref, "severity", current.severity, input.severity, actorId);
    }
    const reopening = current.status === "resolved" && mayReopen;
    if (input.status !== undefined && input.status !== current.status) {
      changes.status = input.status;
      changes.resolvedAt = input.status === "resolved" ? new Date() : null;
      await record(tx, ref, "status", current.status, input.status, actorId, note);
    }
    if (Object.keys(changes).length === 0) return current;
    await tx
      .update(incident)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(incident.id, incidentId));
    if (reopening) await recomputeIncident(tx, workspaceId, incidentId);
    return reload(tx, incidentId);
  });
}

export interface CustomersCommandInput {
  workspaceId: string;
  incidentId: string;
  actorId: string | null;
  /** Internal customer ids (customer.id), at most 1,000 per call. */
  customerIds: number[];
}

/** Adds customers by hand (source manual, added_by the actor). Already affected ones stay as they are. */
export function addCustomers(
  db: DbOrTx,
  input: CustomersCommandInput,
): Promise<{ added: number; alreadyAffected: number }> {
  const { workspaceId, incidentId, actorId } = input;
  return db.transaction(async (tx) => {
    await lockIncident(tx, workspaceId, incidentId);
    const customers = await namedCustomers(tx, workspaceId, input.customerIds);
    const added = await tx
      .insert(incidentCustomer)
      .values(
        customers.map((c) => ({
          workspaceId,
          incidentId,
          customerId: c.id,
          source: "manual" as const,
          addedBy: actorId,
        })),
      )
      .onConflictDoNothing()
      .returning({ customerId: incidentCustomer.customerId });
    if (added.length) {
      await recountAffectedCustomers(tx, incidentId);
      const names = externalIdsOf(
        customers,
        added.map((a) => a.customerId),
      );
      await record(tx, { workspaceId, id: incidentId }, "customer_added", null, names, actorId);
    }
    return { added: added.length, alreadyAffected: customers.length - added.length };
  });
}

/**
 * Removes customers added by hand. A customer that events show affected stays (as observed):
 * only detaching the issue, or excluding them from an audience, takes them out.
 */
export function removeCustomers(
  db: DbOrTx,
  input: CustomersCommandInput,
): Promise<{ removed: number; stillObserved: number }> {
  const { workspaceId, incidentId, actorId } = input;
  return db.transaction(async (tx) => {
    await lockIncident(tx, workspaceId, incidentId);
    const customers = await namedCustomers(tx, workspaceId, input.customerIds);
    const ids = customers.map((c) => c.id);
    const inIncident = and(
      eq(incidentCustomer.incidentId, incidentId),
      inArray(incidentCustomer.customerId, ids),
    );
    const removed = await tx
      .delete(incidentCustomer)
      .where(
        and(inIncident, eq(incidentCustomer.source, "manual"), eq(incidentCustomer.eventCount, 0)),
      )
      .returning({ customerId: incidentCustomer.customerId });
    await tx
      .update(incidentCustomer)
      .set({ source: "observed", addedBy: null })
      .where(and(inIncident, eq(incidentCustomer.source, "manual")));
    const observed = await tx
      .select({ customerId: incidentCustomer.customerId })
      .from(incidentCustomer)
      .where(inIncident);
    if (removed.length) {
      await recountAffectedCustomers(tx, incidentId);
      const names = externalIdsOf(
        customers,
        removed.map((r) => r.customerId),
      );
      await record(tx, { workspaceId, id: incidentId }, "customer_removed", names, null, actorId);
    }
    return { removed: removed.length, stillObserved: observed.length };
  });
}

// Helpers ---------------------------------------------------------------------------------

function checkSeverity(severity: IncidentSeverity): IncidentSeverity {
  if (!SEVERITIES.includes(severity)) throw invalid(`Severity is one of ${SEVERITIES.join(", ")}.`);
  return severity;
}

function checkNote(note: string | undefined): string | null {
  const n = note?.trim() ?? "";
  if (n.length > MAX_NOTE_LENGTH) {
    throw invalid(`A note is at most ${MAX_NOTE_LENGTH.toLocaleString("en-US")} characters.`);
  }
  if (!isStorableText(n)) throw invalid(`The note: ${UNSTORABLE_TEXT}.`);
  return n || null;
}

function checkTitle(title: string): string {
  const t = title.trim();
  if (t.length === 0 || t.length > 200) throw invalid("A title is 1 to 200 characters.");
  return t;
}

/** Takes the exclusive locks of issues of the workspace (see locks.ts) and reads them. */
async function lockIssues(tx: Tx, workspaceId: string, issueIds: string[]) {
  if (!issueIds.every(isUuid)) throw notFound("Issue");
  await lockIssuesExclusively(tx, issueIds);
  const rows = await queryRows<{ id: string; first_seen_ms: number }>(
    tx,
    sql`select id, (extract(epoch from first_seen_at) * 1000)::float8 as first_seen_ms
        from issue where workspace_id = ${workspaceId} and id in ${list(issueIds)}`,
  );
  if (rows.length !== issueIds.length) throw notFound("Issue");
  return rows.map((r) => ({ id: r.id, firstSeenMs: Number(r.first_seen_ms) }));
}

async function record(
  tx: Tx,
  target: { workspaceId: string; id: string },
  kind: string,
  fromValue: string | null,
  toValue: string | null,
  actorId: string | null,
  note: string | null = null,
) {
  await tx.insert(incidentActivity).values({
    workspaceId: target.workspaceId,
    incidentId: target.id,
    kind,
    fromValue,
    toValue,
    actorId,
    note,
  });
}

async function reload(tx: Tx, incidentId: string): Promise<Incident> {
  const [row] = await tx.select().from(incident).where(eq(incident.id, incidentId));
  return row;
}
