/**
 * The audience one page at a time, in customer id order, with why each customer is in it and
 * their contacts — what the messaging side walks to send to exactly these people.
 *
 * A page is the first `limit` ids after the cursor taken from each part separately — the
 * rule's customers (an index walk over customer in id order) and the incident's affected
 * customers (a range of incident_customer's primary key) — each already without the excluded,
 * merged and cut to `limit`. So a page costs about what the first one does however deep it is,
 * and paging neither repeats nor skips a customer.
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { contact, customer, incidentAudienceExclusion, incidentCustomer, user } from "@/db/schema";
import { cursorCodec, cursorRowId } from "@/server/cursor";
import { queryRows } from "@/server/ingest/sql";
import { compileRule } from "@/server/segments";
import { parseInput } from "@/server/segments/validate";
import { audienceSegmentOf, notExcluded, type AudienceSegment } from "./resolve";
import {
  membersInput,
  type AudienceMember,
  type AudienceReason,
  type MembersInput,
  type MembersPage,
} from "./schemas";

/**
 * A cursor holds the last customer id of the previous page; it continues only the listing
 * of its workspace and incident, members or excluded, and reason filter.
 */
const CURSOR = cursorCodec("audience-members", z.object({ i: cursorRowId }));

export async function listAudienceMembers(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  rawQuery: Omit<MembersInput, "incidentId"> = {},
): Promise<MembersPage> {
  const query = parseInput(membersInput.omit({ incidentId: true }), rawQuery);
  const scope = [
    workspaceId,
    incidentId,
    query.excluded ? "excluded" : "members",
    query.reason ?? "",
  ];
  const after = query.cursor ? CURSOR.decode(scope, query.cursor).i : 0;
  const s = await audienceSegmentOf(db, workspaceId, incidentId);
  const ids = query.excluded
    ? await excludedIds(db, workspaceId, incidentId, after, query.limit + 1)
    : await memberIds(db, workspaceId, incidentId, s, query.reason, after, query.limit + 1);
  const page = ids.slice(0, query.limit);
  const rows = await describeMembers(db, workspaceId, incidentId, s, page, query.excluded);
  const last = page[page.length - 1];
  return {
    rows,
    nextCursor: ids.length > query.limit ? CURSOR.encode(scope, { i: last }) : null,
  };
}

async function memberIds(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  s: AudienceSegment | null,
  reason: AudienceReason | undefined,
  after: number,
  limit: number,
): Promise<number[]> {
  const parts: SQL[] = [];
  if (s && (reason === undefined || reason === "segment")) {
    parts.push(sql`(select ${customer.id} as id from ${customer}
      where ${customer.workspaceId} = ${workspaceId} and ${customer.id} > ${after}
        and ${compileRule(s.rule)} and ${notExcluded(workspaceId, incidentId, sql`${customer.id}`)}
      order by ${customer.id} limit ${limit})`);
  }
  if (reason !== "segment") {
    const source =
      reason === "failing"
        ? sql`and ${incidentCustomer.source} = 'observed'`
        : reason === "added"
          ? sql`and ${incidentCustomer.source} = 'manual'`
          : sql``;
    parts.push(sql`(select ${incidentCustomer.customerId} as id from ${incidentCustomer}
      where ${incidentCustomer.incidentId} = ${incidentId}
        and ${incidentCustomer.workspaceId} = ${workspaceId}
        and ${incidentCustomer.customerId} > ${after} ${source}
        and ${notExcluded(workspaceId, incidentId, sql`${incidentCustomer.customerId}`)}
      order by ${incidentCustomer.customerId} limit ${limit})`);
  }
  if (parts.length === 0) return [];
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`select id from (${sql.join(parts, sql` union `)}) u order by id limit ${limit}`,
  );
  return rows.map((r) => Number(r.id));
}

async function excludedIds(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  after: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ id: incidentAudienceExclusion.customerId })
    .from(incidentAudienceExclusion)
    .where(
      and(
        eq(incidentAudienceExclusion.incidentId, incidentId),
        eq(incidentAudienceExclusion.workspaceId, workspaceId),
        gt(incidentAudienceExclusion.customerId, after),
      ),
    )
    .orderBy(asc(incidentAudienceExclusion.customerId))
    .limit(limit);
  return rows.map((r) => Number(r.id));
}

/** The page's customers with their reasons, contacts and (for excluded ones) who excluded them. */
async function describeMembers(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  s: AudienceSegment | null,
  ids: number[],
  excluded: boolean,
): Promise<AudienceMember[]> {
  if (ids.length === 0) return [];
  const [customers, contacts, exclusions] = await Promise.all([
    db
      .select({
        id: customer.id,
        externalId: customer.externalId,
        name: customer.name,
        attributes: customer.attributes,
        inSegment: s ? compileRule(s.rule) : sql<boolean>`false`,
        source: incidentCustomer.source,
      })
      .from(customer)
      .leftJoin(
        incidentCustomer,
        and(
          eq(incidentCustomer.incidentId, incidentId),
          eq(incidentCustomer.workspaceId, workspaceId),
          eq(incidentCustomer.customerId, customer.id),
        ),
      )
      .where(and(eq(customer.workspaceId, workspaceId), inArray(customer.id, ids))),
    db
      .select({
        customerId: contact.customerId,
        email: contact.email,
        name: contact.name,
        locale: contact.locale,
      })
      .from(contact)
      .where(and(eq(contact.workspaceId, workspaceId), inArray(contact.customerId, ids)))
      .orderBy(asc(contact.customerId), asc(contact.email)),
    excluded
      ? db
          .select({
            customerId: incidentAudienceExclusion.customerId,
            byId: incidentAudienceExclusion.excludedBy,
            byName: user.name,
            at: incidentAudienceExclusion.excludedAt,
          })
          .from(incidentAudienceExclusion)
          .leftJoin(user, eq(user.id, incidentAudienceExclusion.excludedBy))
          .where(
            and(
              eq(incidentAudienceExclusion.incidentId, incidentId),
              eq(incidentAudienceExclusion.workspaceId, workspaceId),
              inArray(incidentAudienceExclusion.customerId, ids),
            ),
          )
      : Promise.resolve([]),
  ]);
  const contactsOf = new Map<number, AudienceMember["contacts"]>();
  for (const c of contacts) {
    const list = contactsOf.get(Number(c.customerId)) ?? [];
    list.push({ email: c.email, name: c.name, locale: c.locale });
    contactsOf.set(Number(c.customerId), list);
  }
  const exclusionOf = new Map(exclusions.map((x) => [Number(x.customerId), x]));
  const byId = new Map(customers.map((c) => [Number(c.id), c]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    const reasons: AudienceReason[] = [];
    if (c.inSegment) reasons.push("segment");
    if (c.source === "observed") reasons.push("failing");
    if (c.source === "manual") reasons.push("added");
    const x = exclusionOf.get(id);
    return [
      {
        customerId: id,
        externalId: c.externalId,
        name: c.name,
        attributes: c.attributes,
        reasons,
        contacts: contactsOf.get(id) ?? [],
        excluded: x ? { by: x.byId ? { id: x.byId, name: x.byName ?? "" } : null, at: x.at } : null,
      },
    ];
  });
}
