/**
 * The affected customers of an incident, one page at a time: sorted, filtered by attribute
 * and searched in SQL over incident_customer ⋈ customer, paged with an opaque keyset
 * cursor so that deep pages cost what the first one does and paging never repeats a row.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  customer,
  incident,
  incidentCustomer,
  user,
  type AttributeValue,
  type Attributes,
} from "@/db/schema";
import { customerFilter } from "@/server/customers";
import {
  cursorCodec,
  type CursorCodec,
  cursorRowId,
  cursorText,
  cursorTimestamptzText,
  cursorWholeNumberText,
} from "@/server/cursor";
import { notFound } from "@/server/errors";

/** `id` orders by the customer's internal id: stable while the incident keeps growing. */
export const AFFECTED_SORTS = ["last_seen", "first_seen", "events", "name", "id"] as const;
export type AffectedSort = (typeof AFFECTED_SORTS)[number];
export type SortDir = "asc" | "desc";

export interface AttributeFilter {
  key: string;
  value: AttributeValue;
}

export interface AffectedCustomersQuery {
  sort?: AffectedSort;
  dir?: SortDir;
  filters?: AttributeFilter[];
  /** As on the customers list: word prefixes of id and name, the exact id, an email prefix. */
  search?: string;
  source?: "observed" | "manual";
  cursor?: string | null;
  limit?: number;
}

export interface AffectedCustomer {
  customerId: number;
  externalId: string;
  name: string | null;
  attributes: Attributes;
  source: "observed" | "manual";
  addedById: string | null;
  addedByName: string | null;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  eventCount: number;
  addedAt: Date;
}

export interface AffectedCustomersPage {
  rows: AffectedCustomer[];
  nextCursor: string | null;
  /**
   * Rows matching the filters (all affected customers when there are none); null on later
   * pages of a filtered listing, where the first page already told it.
   */
  total: number | null;
}

export const MAX_PAGE_SIZE = 500;

/**
 * Sort keys, each with the form its value takes in a cursor (PostgreSQL's text of it, so no
 * precision is lost). Nulls (a customer added by hand has never been seen) sort as PostgreSQL
 * sorts them by default — last ascending, first descending — so that the index on
 * (incident_id, last_seen_at) serves "most recently seen" pages without sorting 100k rows.
 */
const SORT_EXPR: Record<
  AffectedSort,
  { expr: SQL; cast: string; nullable: boolean; value: z.ZodType<string | null> }
> = {
  last_seen: {
    expr: sql`${incidentCustomer.lastSeenAt}`,
    cast: "timestamptz",
    nullable: true,
    value: cursorTimestamptzText.nullable(),
  },
  first_seen: {
    expr: sql`${incidentCustomer.firstSeenAt}`,
    cast: "timestamptz",
    nullable: true,
    value: cursorTimestamptzText.nullable(),
  },
  events: {
    expr: sql`${incidentCustomer.eventCount}`,
    cast: "integer",
    nullable: false,
    value: cursorWholeNumberText(2_147_483_647),
  },
  // The customers list's order, served by customer_workspace_sort_name_idx.
  name: {
    expr: sql`lower(coalesce(${customer.name}, ${customer.externalId}))`,
    cast: "text",
    nullable: false,
    // lower() of a name or external id of at most 200 characters
    value: cursorText(400),
  },
  id: {
    expr: sql`${incidentCustomer.customerId}`,
    cast: "bigint",
    nullable: false,
    value: cursorWholeNumberText(Number.MAX_SAFE_INTEGER),
  },
};

interface Cursor {
  /** the last row's sort value */
  v: string | null;
  /** the last row's customer id, the tie-breaker */
  i: number;
}

/** A cursor continues only the list of its workspace, incident, sort and direction. */
const CURSORS = Object.fromEntries(
  AFFECTED_SORTS.map((sort) => [
    sort,
    cursorCodec("incident-customers", z.object({ v: SORT_EXPR[sort].value, i: cursorRowId })),
  ]),
) as Record<AffectedSort, CursorCodec<z.ZodType<Cursor>>>;

/** Rows strictly after the cursor in `ORDER BY key dir, customer_id dir` (default nulls). */
function afterCursor(sort: AffectedSort, dir: SortDir, c: Cursor): SQL {
  const { expr, cast, nullable } = SORT_EXPR[sort];
  const id = incidentCustomer.customerId;
  const cmp = dir === "desc" ? sql.raw("<") : sql.raw(">");
  const idAfter = sql`${id} ${cmp} ${c.i}`;
  if (c.v === null) {
    // Nulls come last ascending (only nulls follow) and first descending (every value follows).
    return dir === "asc"
      ? sql`(${expr} is null and ${idAfter})`
      : sql`((${expr} is null and ${idAfter}) or ${expr} is not null)`;
  }
  const v = sql`cast(${c.v} as ${sql.raw(cast)})`;
  const after = sql`${expr} ${cmp} ${v} or (${expr} = ${v} and ${idAfter})`;
  return nullable && dir === "asc" ? sql`(${after} or ${expr} is null)` : sql`(${after})`;
}

/** One page of an incident's affected customers; not found for another workspace's incident. */
export async function listAffectedCustomers(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  query: AffectedCustomersQuery = {},
): Promise<AffectedCustomersPage> {
  const sort = query.sort ?? "last_seen";
  const dir = query.dir ?? (sort === "name" || sort === "id" ? "asc" : "desc");
  const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE_SIZE);
  const scope = [workspaceId, incidentId, sort, dir];
  const cursor = query.cursor ? CURSORS[sort].decode(scope, query.cursor) : null;

  const [inc] = await db
    .select({ count: incident.affectedCustomerCount })
    .from(incident)
    .where(and(eq(incident.id, incidentId), eq(incident.workspaceId, workspaceId)));
  if (!inc) throw notFound("Incident");

  // Search and attribute filters mean what they mean on the customers list: word prefixes
  // of id and name, the exact id, a contact's email prefix; attribute containment.
  const search = query.search?.trim() || undefined;
  const filters = query.filters ?? [];
  const customerWhere =
    search || filters.length
      ? await customerFilter(db, workspaceId, { search, filters })
      : undefined;
  const where = and(
    eq(incidentCustomer.incidentId, incidentId),
    eq(incidentCustomer.workspaceId, workspaceId),
    query.source ? eq(incidentCustomer.source, query.source) : undefined,
  );
  const join = and(
    eq(customer.id, incidentCustomer.customerId),
    eq(customer.workspaceId, workspaceId),
  );
  const { expr } = SORT_EXPR[sort];
  const order = sql.raw(dir);
  const orderBy = [sql`${expr} ${order}`, sql`${incidentCustomer.customerId} ${order}`];
  const after = cursor ? afterCursor(sort, dir, cursor) : undefined;
  const affectedColumns = {
    customerId: incidentCustomer.customerId,
    source: incidentCustomer.source,
    addedById: incidentCustomer.addedBy,
    firstSeenAt: incidentCustomer.firstSeenAt,
    lastSeenAt: incidentCustomer.lastSeenAt,
    eventCount: incidentCustomer.eventCount,
    addedAt: incidentCustomer.createdAt,
    sortValue: sql<string | null>`(${expr})::text`,
  };
  const customerColumns = {
    externalId: customer.externalId,
    name: customer.name,
    attributes: customer.attributes,
  };

  let rows: AffectedRow[];
  if (customerWhere || sort === "name") {
    rows = await db
      .select({ ...affectedColumns, ...customerColumns })
      .from(incidentCustomer)
      .innerJoin(customer, join)
      .where(and(where, customerWhere, after))
      .orderBy(...orderBy)
      .limit(limit + 1);
  } else {
    // Sorting needs only incident_customer: take the page from it alone (an index range for
    // last seen and id, a top-N over one table otherwise), then fetch just those customers.
    const page = await db
      .select(affectedColumns)
      .from(incidentCustomer)
      .where(and(where, after))
      .orderBy(...orderBy)
      .limit(limit + 1);
    const ids = page.map((r) => r.customerId);
    const found = ids.length
      ? await db
          .select({ id: customer.id, ...customerColumns })
          .from(customer)
          .where(and(eq(customer.workspaceId, workspaceId), inArray(customer.id, ids)))
      : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    rows = page.flatMap((r) => {
      const c = byId.get(r.customerId);
      return c ? [{ ...r, externalId: c.externalId, name: c.name, attributes: c.attributes }] : [];
    });
  }

  const adderIds = [...new Set(rows.map((r) => r.addedById).filter((id): id is string => !!id))];
  const adders = adderIds.length
    ? await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, adderIds))
    : [];
  const adderName = new Map(adders.map((u) => [u.id, u.name]));

  // Counting matches costs a join over every affected customer: done for filtered first
  // pages only (the UI keeps it while paging); unfiltered, the incident's counter is exact.
  let total: number | null = customerWhere || query.source ? null : inc.count;
  if (total === null && !cursor) {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(incidentCustomer)
      .innerJoin(customer, join)
      .where(and(where, customerWhere));
    total = c.n;
  }

  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? CURSORS[sort].encode(scope, { v: last.sortValue, i: last.customerId })
      : null;
  return {
    rows: pageRows.map(({ sortValue: _s, ...r }) => ({
      ...r,
      addedByName: r.addedById ? (adderName.get(r.addedById) ?? null) : null,
    })),
    nextCursor,
    total,
  };
}

interface AffectedRow extends Omit<AffectedCustomer, "addedByName"> {
  sortValue: string | null;
}
