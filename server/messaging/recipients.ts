/**
 * Who a status update goes to, as one set-based SQL statement per question (counts, a sample,
 * the outbox rows), so that 100,000 recipients cost a few hash joins, never a loop.
 *
 *   chosen audience A     incident: (segment rule ∪ observed ∪ added by hand) − excluded
 *                         observed: customers observed failing − excluded
 *                         segment:  customers of a saved segment of the workspace − excluded
 *   told before T         customers with a message of an earlier sent update of the incident
 *   reach → customers R   audience:      A
 *                         follow_up:     (T − excluded) ∪ A   (told before, plus newly in A)
 *                         everyone_told: T ∪ A                (nobody told misses the resolution,
 *                                                              not even a customer excluded since)
 *   addresses             every contact of R, lower-cased, one row per address (an address shared
 *                         by two customers goes to the lower customer id) − the workspace's
 *                         suppression list (bounced, complained, unsubscribed, manual)
 *
 * Everything is filtered by workspace; the incident and the segment must belong to it.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  contact,
  customer,
  incidentAudienceExclusion,
  incidentCustomer,
  message,
  statusUpdate,
  suppression,
} from "@/db/schema";
import {
  audienceSegmentOf,
  segmentCustomerIds,
  type AudienceSegment,
} from "@/server/audience/resolve";
import { queryRows } from "@/server/ingest/sql";
import { getSegment } from "@/server/segments";
import type { UpdateAudience, UpdateReach } from "./schema-types";

export const RECIPIENT_REASONS = ["segment", "failing", "added", "told"] as const;
export type RecipientReason = (typeof RECIPIENT_REASONS)[number];

export interface RecipientCounts {
  /** Customers the update reaches (before looking at their contacts). */
  customers: number;
  /** Of those, customers with no contact address at all. */
  customersWithoutContact: number;
  /** Of those, customers who received an earlier update of the incident. */
  toldBefore: number;
  /** Of those, customers in the chosen audience who were not told before. */
  newlyInAudience: number;
  /** Distinct addresses of the customers' contacts. */
  contacts: number;
  /** Addresses left out because the person unsubscribed. */
  unsubscribed: number;
  /** Addresses left out for any other suppression (bounced, complained, added by an admin). */
  suppressed: number;
  /** Addresses the update is sent to: contacts − unsubscribed − suppressed. */
  recipients: number;
}

export interface RecipientSample {
  customerId: number;
  externalId: string;
  customerName: string | null;
  email: string;
  name: string | null;
  locale: string | null;
  reasons: RecipientReason[];
}

/** What to resolve: an incident (already known to be the workspace's), an audience and a reach. */
export interface RecipientQuery {
  workspaceId: string;
  incidentId: string;
  audience: UpdateAudience;
  reach: UpdateReach;
  /** Leave this update's own messages out of "told before" (set once it exists). */
  statusUpdateId?: string | null;
}

/** The segment an audience stands on: the incident's own rule, a chosen saved one, or none. */
export async function audienceSegment(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  audience: UpdateAudience,
): Promise<AudienceSegment | null> {
  if (audience.kind === "incident") return audienceSegmentOf(db, workspaceId, incidentId);
  if (audience.kind === "segment") {
    const s = await getSegment(db, workspaceId, { id: audience.segmentId });
    return { id: s.id, name: s.name, rule: s.rule };
  }
  return null;
}

/**
 * The CTEs every question starts from: `r` (recipient customers with why each is in) and
 * `m` (their addresses, each once, with whether and why it is suppressed).
 */
function recipientCtes(q: RecipientQuery, s: AudienceSegment | null): SQL {
  const { workspaceId, incidentId } = q;
  const sources = q.audience.kind === "observed" ? sql`and ic.source = 'observed'` : sql``;
  // The incident's affected customers count for "incident" and "observed"; a saved segment
  // chosen on its own stands alone (its customers still get their failing/added reasons).
  const useAffected = q.audience.kind !== "segment";
  const ownUpdate = q.statusUpdateId ? sql`and ${statusUpdate.id} <> ${q.statusUpdateId}` : sql``;
  const reachTold =
    q.reach === "audience"
      ? sql`false`
      : q.reach === "follow_up"
        ? sql`t.id is not null and x.id is null`
        : sql`t.id is not null`;
  return sql`
    s as (${segmentCustomerIds(workspaceId, s)}),
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
    t as (
      select distinct ${message.customerId} as id from ${message}
      where ${message.workspaceId} = ${workspaceId}
        and ${message.statusUpdateId} in (
          select ${statusUpdate.id} from ${statusUpdate}
          where ${statusUpdate.incidentId} = ${incidentId}
            and ${statusUpdate.workspaceId} = ${workspaceId}
            and ${statusUpdate.state} = 'sent' ${ownUpdate})
    ),
    a as (
      select coalesce(s.id, ic.id) as id
      from s full join (select * from ic where ${useAffected ? sql`true` : sql`false`} ${sources}) ic
        on ic.id = s.id
    ),
    r as (
      select u.id,
        s.id is not null as in_segment,
        coalesce(ic.source = 'observed', false) as failing,
        coalesce(ic.source = 'manual', false) as added,
        t.id is not null as told,
        (a.id is not null and x.id is null) as in_audience
      from (select id from a union select id from t) u
      left join a on a.id = u.id
      left join s on s.id = u.id
      left join ic on ic.id = u.id
      left join t on t.id = u.id
      left join x on x.id = u.id
      where (a.id is not null and x.id is null) or (${reachTold})
    ),
    c as (
      select distinct on (lower(${contact.email}))
        lower(${contact.email}) as email, ${contact.customerId} as customer_id,
        coalesce(${contact.name}, ${customer.name}) as name, ${contact.locale} as locale,
        r.in_segment, r.failing, r.added, r.told
      from ${contact} join r on r.id = ${contact.customerId}
      join ${customer} on ${customer.id} = ${contact.customerId}
        and ${customer.workspaceId} = ${workspaceId}
      where ${contact.workspaceId} = ${workspaceId}
      order by lower(${contact.email}), ${contact.customerId}
    ),
    m as (
      select c.*, sp.reason as suppressed
      from c left join ${suppression} sp
        on sp.workspace_id = ${workspaceId} and lower(sp.email) = c.email
    )`;
}

export async function countRecipients(
  db: DbOrTx,
  q: RecipientQuery,
  s: AudienceSegment | null,
): Promise<RecipientCounts> {
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`with ${recipientCtes(q, s)},
      rc as (
        select count(*)::int as customers,
          count(*) filter (where not exists (
            select 1 from ${contact}
            where ${contact.workspaceId} = ${q.workspaceId} and ${contact.customerId} = r.id))::int
            as without_contact,
          count(*) filter (where r.told)::int as told,
          count(*) filter (where not r.told and r.in_audience)::int as newly
        from r
      ),
      mc as (
        select count(*)::int as contacts,
          count(*) filter (where suppressed = 'unsubscribed')::int as unsubscribed,
          count(*) filter (where suppressed is not null and suppressed <> 'unsubscribed')::int
            as suppressed
        from m
      )
      select * from rc, mc`,
  );
  const n = (k: string) => Number(row[k]);
  return {
    customers: n("customers"),
    customersWithoutContact: n("without_contact"),
    toldBefore: n("told"),
    newlyInAudience: n("newly"),
    contacts: n("contacts"),
    unsubscribed: n("unsubscribed"),
    suppressed: n("suppressed"),
    recipients: n("contacts") - n("unsubscribed") - n("suppressed"),
  };
}

/** A few recipients spread over the set (a stable hash order, not the first ids), with why each is in. */
export async function sampleRecipients(
  db: DbOrTx,
  q: RecipientQuery,
  s: AudienceSegment | null,
  limit: number,
): Promise<RecipientSample[]> {
  const rows = await queryRows<{
    customer_id: number | string;
    external_id: string;
    customer_name: string | null;
    email: string;
    name: string | null;
    locale: string | null;
    in_segment: boolean;
    failing: boolean;
    added: boolean;
    told: boolean;
  }>(
    db,
    // The sample is cut from m alone (which carries the reasons), then named: joining the
    // whole set again would let the planner pick a nested loop over two large CTEs.
    sql`with ${recipientCtes(q, s)},
      pick as (
        select * from m where m.suppressed is null order by md5(m.email), m.email limit ${limit}
      )
      select pick.customer_id, cu.external_id, cu.name as customer_name, pick.email, pick.name,
        pick.locale, pick.in_segment, pick.failing, pick.added, pick.told
      from pick join customer cu on cu.id = pick.customer_id and cu.workspace_id = ${q.workspaceId}
      order by md5(pick.email), pick.email`,
  );
  return rows.map((r) => ({
    customerId: Number(r.customer_id),
    externalId: r.external_id,
    customerName: r.customer_name,
    email: r.email,
    name: r.name,
    locale: r.locale,
    reasons: [
      ...(r.in_segment ? (["segment"] as const) : []),
      ...(r.failing ? (["failing"] as const) : []),
      ...(r.added ? (["added"] as const) : []),
      ...(r.told ? (["told"] as const) : []),
    ],
  }));
}

/**
 * Writes the outbox: one queued message per address of the update (never twice: the unique
 * (status_update_id, email) key). Returns the number of rows written. Runs inside the send's
 * transaction, after the update row is locked.
 */
export async function insertMessages(
  tx: DbOrTx,
  q: RecipientQuery & { statusUpdateId: string },
  s: AudienceSegment | null,
): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    tx,
    sql`with ${recipientCtes(q, s)},
      ins as (
      insert into ${message} (workspace_id, status_update_id, incident_id, customer_id, email, name, locale)
      select ${q.workspaceId}, ${q.statusUpdateId}::uuid, ${q.incidentId}::uuid, m.customer_id,
        m.email, m.name, m.locale
      from m where m.suppressed is null
      on conflict (status_update_id, email) do nothing
      returning 1)
      select count(*)::int as n from ins`,
  );
  return Number(row.n);
}

/** Whether the incident has any sent update yet (which makes the next one a follow-up by default). */
export async function hasSentUpdate(db: DbOrTx, workspaceId: string, incidentId: string) {
  const rows = await db
    .select({ id: statusUpdate.id })
    .from(statusUpdate)
    .where(
      and(
        eq(statusUpdate.workspaceId, workspaceId),
        eq(statusUpdate.incidentId, incidentId),
        eq(statusUpdate.state, "sent"),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
