/**
 * An incident at a glance — who is hurt, and who has been told — for the incidents list and
 * the incident header, set-based over the listed incidents (never a query per row):
 *
 * 1. the audience segments of the incidents, in one query;
 * 2. each incident's audience size — (segment ∪ affected) − excluded, as server/audience
 *    defines it — in one statement: the incidents without a segment counted together from
 *    incident_customer, each one with a segment (a rule of its own) as one branch of a
 *    `union all`;
 * 3. the customers told: distinct customers with a message that reached the provider, for
 *    the incident's sent status updates, in one grouped query;
 * 4. the leading segment: the audience's segment when the team chose one, else the segment
 *    engine's first segment from the per-incident analysis cache (never waited for: the
 *    analysis starts in the background and shows on the next poll — for a resolved incident
 *    only when asked, as the incident page does and the list does not).
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { segmentInWords } from "@/server/messaging/segment-words";
import { notExcluded, segmentCustomerIds } from "@/server/audience/resolve";
import { ruleFromPredicates } from "@/server/segments";
import type { Rule } from "@/server/segments/rule";
import type { Predicate } from "@/server/correlate";
import { jsonb, list, queryRows } from "@/server/ingest/sql";
import { glanceSegmentAnalysis } from "./segment-analysis";

/** Message states that mean the email left for the customer (not queued, failed or suppressed). */
export const TOLD_MESSAGE_STATES = ["sent", "delivered", "opened", "complained"] as const;

export interface LeadingSegment {
  /** "app_version = 5.2.0 and region = eu-west". */
  words: string;
  /** The incident's audience segment (chosen by the team), or the engine's best guess. */
  source: "audience" | "analysis";
  /** The saved segment's name, for an audience segment. */
  name: string | null;
}

export interface IncidentGlance {
  leadingSegment: LeadingSegment | null;
  /**
   * Why there is no leading segment: "pending" while the analysis is first computed,
   * "none" when failures are spread evenly or nobody is affected yet, "unknown" for a
   * resolved incident whose analysis was not asked for.
   */
  segmentState: "found" | "pending" | "none" | "unknown";
  /** Customers in the incident's audience: who an update to "the incident's audience" reaches. */
  audienceCustomers: number;
  /** Distinct customers who were sent a message for one of the incident's status updates. */
  customersTold: number;
}

export interface GlanceIncident {
  id: string;
  status: string;
  affectedCustomers: number;
}

export interface GlanceOptions {
  /** Start the segment analysis of resolved incidents too (one incident's page: yes; the list: no). */
  analyseResolved?: boolean;
}

export async function incidentGlances(
  db: DbOrTx,
  workspaceId: string,
  incidents: GlanceIncident[],
  opts: GlanceOptions = {},
): Promise<Map<string, IncidentGlance>> {
  const glances = new Map<string, IncidentGlance>();
  if (incidents.length === 0) return glances;
  const ids = jsonb(incidents.map((i) => i.id));
  const listed = sql`(select jsonb_array_elements_text(${ids})::uuid)`;

  // 1.
  const segments = await queryRows<{ incident_id: string; id: string; name: string; rule: Rule }>(
    db,
    sql`select ia.incident_id, s.id, s.name, s.rule
        from incident_audience ia
        join segment s on s.id = ia.segment_id and s.workspace_id = ${workspaceId}
        where ia.workspace_id = ${workspaceId} and ia.incident_id in ${listed}`,
  );
  const segmentOf = new Map(segments.map((s) => [s.incident_id, s]));

  // 2.
  const affectedOnly = incidents.filter((i) => !segmentOf.has(i.id)).map((i) => i.id);
  const branches: SQL[] = [];
  if (affectedOnly.length) {
    branches.push(sql`select ic.incident_id, count(*)::int as audience
      from incident_customer ic
      where ic.workspace_id = ${workspaceId}
        and ic.incident_id in (select jsonb_array_elements_text(${jsonb(affectedOnly)})::uuid)
        and ${notExcluded(workspaceId, sql`ic.incident_id`, sql`ic.customer_id`)}
      group by ic.incident_id`);
  }
  for (const s of segments) {
    branches.push(sql`select ${s.incident_id}::uuid as incident_id, count(*)::int as audience
      from (
        ${segmentCustomerIds(workspaceId, s)}
        union
        select ic.customer_id from incident_customer ic
        where ic.incident_id = ${s.incident_id} and ic.workspace_id = ${workspaceId}
      ) u
      where ${notExcluded(workspaceId, s.incident_id, sql`u.id`)}`);
  }
  const [audiences, told] = await Promise.all([
    branches.length
      ? queryRows<{ incident_id: string; audience: number }>(
          db,
          sql.join(branches, sql` union all `),
        )
      : Promise.resolve([]),
    // 3.
    queryRows<{ incident_id: string; told: number }>(
      db,
      sql`select su.incident_id, count(distinct m.customer_id)::int as told
          from status_update su
          join message m on m.status_update_id = su.id and m.workspace_id = ${workspaceId}
          where su.workspace_id = ${workspaceId} and su.incident_id in ${listed}
            and su.state = 'sent'
            and m.state in ${list(TOLD_MESSAGE_STATES)}
          group by su.incident_id`,
    ),
  ]);
  const audienceOf = new Map(audiences.map((a) => [a.incident_id, Number(a.audience)]));
  const toldOf = new Map(told.map((t) => [t.incident_id, Number(t.told)]));

  // 4.
  const analyses = await Promise.all(
    incidents.map((inc) =>
      segmentOf.has(inc.id) || inc.affectedCustomers === 0
        ? null
        : glanceSegmentAnalysis(db, workspaceId, inc, {
            start: inc.status !== "resolved" || Boolean(opts.analyseResolved),
          }),
    ),
  );
  incidents.forEach((inc, i) => {
    const chosen = segmentOf.get(inc.id);
    const words = chosen ? segmentInWords(chosen.rule) : null;
    const best = analyses[i]?.explanation.segments[0];
    let leadingSegment: LeadingSegment | null = null;
    let segmentState: IncidentGlance["segmentState"] = "none";
    if (chosen && words) {
      leadingSegment = { words, source: "audience", name: chosen.name };
      segmentState = "found";
    } else if (best) {
      leadingSegment = {
        words: predicatesInWords(best.predicates),
        source: "analysis",
        name: null,
      };
      segmentState = "found";
    } else if (inc.affectedCustomers > 0 && !analyses[i]) {
      segmentState = inc.status !== "resolved" || opts.analyseResolved ? "pending" : "unknown";
    }
    glances.set(inc.id, {
      leadingSegment,
      segmentState,
      audienceCustomers: audienceOf.get(inc.id) ?? 0,
      customersTold: toldOf.get(inc.id) ?? 0,
    });
  });
  return glances;
}

/** The engine's predicates in the words a notice would use; as they are when no rule fits. */
function predicatesInWords(predicates: Predicate[]): string {
  try {
    const words = segmentInWords(ruleFromPredicates(predicates));
    if (words) return words;
  } catch {
    // A predicate no rule can express: its own label says it.
  }
  return predicates.map((p) => `${p.attribute} = ${p.value}`).join(" and ");
}

/** The incidents with their glance added, as the list and the incident page read them. */
export async function withGlances<T extends GlanceIncident>(
  db: DbOrTx,
  workspaceId: string,
  incidents: T[],
  opts: GlanceOptions = {},
): Promise<(T & { glance: IncidentGlance })[]> {
  const glances = await incidentGlances(db, workspaceId, incidents, opts);
  return incidents.map((i) => ({ ...i, glance: glances.get(i.id)! }));
}
