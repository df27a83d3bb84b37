/**
 * An incident's audience as counts of each part (definitions in schemas.ts): one lookup of
 * the incident and its audience segment, then one statement that counts every part at once.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  customer,
  incident,
  incidentAudience,
  incidentAudienceExclusion,
  incidentCustomer,
  segment,
} from "@/db/schema";
import { notFound } from "@/server/errors";
import { queryRows } from "@/server/ingest/sql";
import { compileRule, type Rule } from "@/server/segments";
import type { Audience } from "./schemas";

export interface AudienceSegment {
  id: string;
  name: string;
  rule: Rule;
}

/** The incident's audience segment (null when it has none); not found for another workspace's incident. */
export async function audienceSegmentOf(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
): Promise<AudienceSegment | null> {
  const [row] = await db
    .select({ id: segment.id, name: segment.name, rule: segment.rule })
    .from(incident)
    .leftJoin(
      incidentAudience,
      and(
        eq(incidentAudience.incidentId, incident.id),
        eq(incidentAudience.workspaceId, workspaceId),
      ),
    )
    .leftJoin(
      segment,
      and(eq(segment.id, incidentAudience.segmentId), eq(segment.workspaceId, workspaceId)),
    )
    .where(and(eq(incident.id, incidentId), eq(incident.workspaceId, workspaceId)));
  if (!row) throw notFound("Incident");
  return row.id && row.name && row.rule ? { id: row.id, name: row.name, rule: row.rule } : null;
}

/**
 * The audience's one subtraction, as a condition: the customer `customerId` is not excluded
 * from the incident `incidentId` (a value, or a column of the query it sits in).
 */
export const notExcluded = (workspaceId: string, incidentId: string | SQL, customerId: SQL) =>
  sql`not exists (
    select 1 from ${incidentAudienceExclusion}
    where ${incidentAudienceExclusion.incidentId} = ${incidentId}
      and ${incidentAudienceExclusion.workspaceId} = ${workspaceId}
      and ${incidentAudienceExclusion.customerId} = ${customerId})`;

/** The customers of the workspace a segment selects, as `select id` (nothing without a segment). */
export function segmentCustomerIds(workspaceId: string, s: AudienceSegment | null): SQL {
  return s
    ? sql`select ${customer.id} as id from ${customer}
          where ${customer.workspaceId} = ${workspaceId} and ${compileRule(s.rule)}`
    : sql`select null::bigint as id where false`;
}

export async function resolveAudience(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
): Promise<Audience> {
  const s = await audienceSegmentOf(db, workspaceId, incidentId);
  // The rule's customers full-joined to the incident's affected ones: each customer of the
  // union once, with whether the rule selects them and how the incident has them.
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`
      with s as (${segmentCustomerIds(workspaceId, s)}),
      ic as (
        select ${incidentCustomer.customerId} as id, ${incidentCustomer.source} as source
        from ${incidentCustomer}
        where ${incidentCustomer.incidentId} = ${incidentId}
          and ${incidentCustomer.workspaceId} = ${workspaceId}
      ),
      x as (
        select ${incidentAudienceExclusion.customerId} as id from ${incidentAudienceExclusion}
        where ${incidentAudienceExclusion.incidentId} = ${incidentId}
          and ${incidentAudienceExclusion.workspaceId} = ${workspaceId}
      ),
      u as (
        select coalesce(s.id, ic.id) as id, s.id is not null as in_segment, ic.source
        from s full join ic on ic.id = s.id
      )
      select
        count(*) filter (where u.in_segment)::int as in_segment,
        count(*) filter (where u.in_segment and u.source = 'observed')::int as in_segment_failing,
        count(*) filter (where not u.in_segment and u.source = 'observed')::int as failing_outside,
        count(*) filter (where not u.in_segment and u.source = 'manual')::int as added,
        count(x.id)::int as excluded
      from u left join x on x.id = u.id`,
  );
  const inSegment = Number(counts.in_segment);
  const failingOutsideSegment = Number(counts.failing_outside);
  const added = Number(counts.added);
  const excluded = Number(counts.excluded);
  return {
    segment: s,
    inSegment,
    inSegmentFailing: Number(counts.in_segment_failing),
    failingOutsideSegment,
    added,
    excluded,
    total: inSegment + failingOutsideSegment + added - excluded,
  };
}
