/**
 * The advisory locks that keep ingest batches and incident commands consistent without
 * making batches wait for each other.
 *
 * An ingest batch holds a *shared* lock on each issue it writes and on each open incident
 * those issues are attached to, from before it reads the attachments until it commits. A
 * command that changes attachments (attach, detach, open, reopen) takes the *exclusive* lock
 * of the issues; one that changes an incident's status or its customers takes the exclusive
 * lock of the incident. So batches run side by side, a command waits for the batches in flight
 * and batches that arrive meanwhile wait for the command — PostgreSQL queues a shared request
 * behind a waiting exclusive one, so commands are never starved.
 *
 * Every transaction takes these locks in one global order — issues, then incidents, then
 * (batches only) counters, each group in key order — before any row lock of the aggregates,
 * so they never deadlock.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { jsonb, list, queryRows } from "@/server/ingest/sql";

type Kind = "issue" | "incident" | "issue-counters" | "incident-counters";

function take(tx: Tx, keys: [Kind, readonly string[]][], mode: "shared" | "exclusive") {
  const fn = mode === "shared" ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  const names = keys.flatMap(([kind, ids]) => ids.map((id) => `${kind}:${id}`));
  // The ordered subquery makes the locks be taken in key order.
  return tx.execute(sql`
    select ${fn}(k) from (
      select distinct hashtextextended(name, 0) as k
      from jsonb_array_elements_text(${jsonb(names)}) as name
      order by k
    ) keys`);
}

/** Held by an ingest batch on every issue it writes to. */
export async function shareIssueLocks(tx: Tx, issueIds: readonly string[]): Promise<void> {
  if (issueIds.length) await take(tx, [["issue", issueIds]], "shared");
}

/** Held by a command that changes which incident an issue belongs to. */
export async function lockIssuesExclusively(tx: Tx, issueIds: readonly string[]): Promise<void> {
  if (issueIds.length) await take(tx, [["issue", issueIds]], "exclusive");
}

/**
 * Held by an ingest batch on every open incident its issues are attached to; the caller holds
 * the issues' shared locks, so attachments cannot change until it commits. Read and locked in
 * one statement, whose snapshot may still show an incident resolved while it waited: the
 * batch's next statement reads them again. Returns the incidents' ids.
 */
export async function shareOpenIncidentLocks(
  tx: Tx,
  workspaceId: string,
  issueIds: readonly string[],
): Promise<string[]> {
  if (issueIds.length === 0) return [];
  const rows = await queryRows<{ incident_id: string }>(
    tx,
    sql`select incident_id, pg_advisory_xact_lock_shared(k) from (
          select distinct ii.incident_id, hashtextextended('incident:' || ii.incident_id, 0) as k
          from incident_issue ii join incident i on i.id = ii.incident_id
          where i.workspace_id = ${workspaceId} and i.status <> 'resolved'
            and ii.issue_id in ${list(issueIds)}
          order by k
        ) linked`,
  );
  return rows.map((r) => r.incident_id);
}

/** Held by a command that changes an incident's status, customers or aggregates. */
export async function lockIncidentExclusively(tx: Tx, incidentId: string): Promise<void> {
  await take(tx, [["incident", [incidentId]]], "exclusive");
}

/**
 * Held by an ingest batch, after all its shared locks, while it adds to the counters of its
 * issues and incidents (issue, issue_minute, incident, incident_minute rows): one batch at a
 * time per issue and per incident, in key order, so their row updates never wait in a cycle.
 * Commands need none of these: their exclusive locks already keep every batch away.
 */
export async function lockCounters(
  tx: Tx,
  issueIds: readonly string[],
  incidentIds: readonly string[],
): Promise<void> {
  await take(
    tx,
    [
      ["issue-counters", issueIds],
      ["incident-counters", incidentIds],
    ],
    "exclusive",
  );
}
