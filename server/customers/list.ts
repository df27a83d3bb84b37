/**
 * The customers list: search, attribute filters, sort and keyset paging, built to stay fast
 * at 200,000 customers in a workspace.
 *  - Paging is by cursor (the last row's sort key and id), so page 500 costs what page 1 does.
 *  - Attribute filters become one `attributes @> {...}` test, answered by the GIN index.
 *  - Search is by word prefix on GIN/btree indexes, never a substring scan of every row.
 *  - The whole directory is counted exactly (an index-only scan: ~30–60 ms at 200k); a
 *    filtered or searched list is counted up to COUNT_CAP rows and otherwise says "10,000+",
 *    instead of counting every row of a broad search on every keystroke.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { contact, customer } from "@/db/schema";
import {
  cursorCodec,
  cursorRowId,
  cursorText,
  cursorTimestamptzText,
  MAX_CURSOR_LENGTH,
  type CursorCodec,
} from "@/server/cursor";
import {
  attributeKeySchema,
  attributeValueSchema,
  CUSTOMER_LIMITS,
  isStorableText,
} from "./schema";

/** Filtered and searched lists are counted up to here and report "10,000+" beyond it. */
export const COUNT_CAP = 10_000;
export const PAGE_SIZES = [25, 50, 100] as const;
export const CUSTOMER_SORTS = ["name", "externalId", "lastSeen", "created"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const attributeFilterSchema = z.object({
  key: attributeKeySchema,
  value: attributeValueSchema,
});

export const customerListInput = z.object({
  /**
   * Ignoring case, finds customers whose external id or name has words starting with every
   * word of the search ("acme gm" → "Acme GmbH"), whose external id is exactly the search,
   * or who have a contact whose email starts with it ("ann@", "ann@acme.io").
   */
  search: z.string().trim().max(200).refine(isStorableText, "Must be valid text").optional(),
  /** `key = value` pairs, all of which must hold. */
  filters: z.array(attributeFilterSchema).max(20).default([]),
  sort: z.enum(CUSTOMER_SORTS).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  pageSize: z
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), "Page size is 25, 50 or 100")
    .default(25),
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor: z.string().max(MAX_CURSOR_LENGTH).optional(),
});
export type CustomerListInput = z.input<typeof customerListInput>;

export const customerRowSchema = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  contactCount: z.number(),
  lastSeenAt: z.date().nullable(),
  createdAt: z.date(),
});
export type CustomerRow = z.infer<typeof customerRowSchema>;

export const customerListOutput = z.object({
  customers: z.array(customerRowSchema),
  nextCursor: z.string().nullable(),
  /** `exact: false` means at least `count` customers match (the count stopped at the cap). */
  total: z.object({ count: z.number(), exact: z.boolean() }),
});
export type CustomerList = z.infer<typeof customerListOutput>;

/**
 * Each sort: the key expression (selected as text for the cursor, so no precision is lost),
 * and the form that text takes in a cursor.
 */
const SORT_KEY: Record<
  CustomerSort,
  { key: SQL | null; cast: SQL; value: z.ZodType<string | null> }
> = {
  // lower() of a name or external id of at most 200 characters
  name: {
    key: sql`lower(coalesce(${customer.name}, ${customer.externalId}))`,
    cast: sql`text`,
    value: cursorText(400),
  },
  externalId: {
    key: sql`${customer.externalId}`,
    cast: sql`text`,
    value: cursorText(CUSTOMER_LIMITS.externalId),
  },
  // Never-seen customers sort as the oldest.
  lastSeen: {
    key: sql`coalesce(${customer.lastSeenAt}, '-infinity'::timestamptz)`,
    cast: sql`timestamptz`,
    value: z.union([z.literal("-infinity"), cursorTimestamptzText]),
  },
  created: { key: null, cast: sql`text`, value: z.null() },
};

/** A cursor continues only the list of its workspace, sort and direction. */
const CURSORS = Object.fromEntries(
  CUSTOMER_SORTS.map((sort) => [
    sort,
    cursorCodec("customers", z.object({ k: SORT_KEY[sort].value, id: cursorRowId })),
  ]),
) as Record<CustomerSort, CursorCodec<z.ZodType<{ k: string | null; id: number }>>>;

/**
 * `acme gm` → `'acme':* & 'gm':*`: every word must start a word of the id or name. Words are
 * quoted, so nothing the user types is read as tsquery syntax.
 */
export function toPrefixQuery(search: string): string | null {
  const words = search
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => `'${w.replace(/\\/g, "\\\\").replace(/'/g, "''")}':*`);
  return words.length ? words.join(" & ") : null;
}

/**
 * A broad email prefix ("o") stops at this many contacts, in email order, so a one-letter
 * search costs one short index walk; typing on narrows it to the contacts meant.
 */
const EMAIL_MATCH_LIMIT = 1_000;

async function customersByEmailPrefix(db: DbOrTx, workspaceId: string, prefix: string) {
  // A range on the text_pattern_ops index rather than LIKE, so even a generic (prepared)
  // plan walks only the matching part of the index.
  const rows = await db
    .select({ id: contact.customerId })
    .from(contact)
    .where(
      and(
        eq(contact.workspaceId, workspaceId),
        sql`${contact.email} ~>=~ ${prefix}`,
        sql`${contact.email} ~<~ ${prefix + "\u{10FFFF}"}`,
      ),
    )
    .limit(EMAIL_MATCH_LIMIT);
  return [...new Set(rows.map((r) => Number(r.id)))];
}

/** The WHERE clause shared by the page and the count. */
export async function customerFilter(
  db: DbOrTx,
  workspaceId: string,
  input: Pick<z.output<typeof customerListInput>, "search" | "filters">,
): Promise<SQL> {
  const conditions: SQL[] = [eq(customer.workspaceId, workspaceId)];
  if (input.filters.length) {
    const wanted = new Map<string, unknown>();
    for (const f of input.filters) {
      if (wanted.has(f.key) && wanted.get(f.key) !== f.value) return sql`false`;
      wanted.set(f.key, f.value);
    }
    const contains = JSON.stringify(Object.fromEntries(wanted));
    conditions.push(sql`${customer.attributes} @> ${contains}::jsonb`);
  }
  if (input.search) {
    // Three indexed tests ORed, which PostgreSQL answers with one BitmapOr: words of the id
    // and name (GIN), the exact external id (unique btree), contacts' email prefix (pkey).
    const query = toPrefixQuery(input.search);
    const byEmail = await customersByEmailPrefix(db, workspaceId, input.search.toLowerCase());
    const tests: SQL[] = [sql`${customer.externalId} = ${input.search}`];
    if (query) tests.push(sql`${customer.search} @@ to_tsquery('simple', ${query})`);
    if (byEmail.length)
      tests.push(sql`${customer.id} = any(${`{${byEmail.join(",")}}`}::bigint[])`);
    conditions.push(sql`(${sql.join(tests, sql` or `)})`);
  }
  return and(...conditions)!;
}

export async function listCustomers(
  db: DbOrTx,
  workspaceId: string,
  rawInput: CustomerListInput,
): Promise<CustomerList> {
  const input = customerListInput.parse(rawInput);
  const where = await customerFilter(db, workspaceId, input);
  const { key, cast } = SORT_KEY[input.sort];
  const order = input.dir === "asc" ? asc : desc;
  const cmp = input.dir === "asc" ? sql`>` : sql`<`;
  const scope = [workspaceId, input.sort, input.dir];

  let page = where;
  if (input.cursor) {
    const c = CURSORS[input.sort].decode(scope, input.cursor);
    page = key
      ? sql`${where} and (${key}, ${customer.id}) ${cmp} (${c.k}::${cast}, ${c.id})`
      : sql`${where} and ${customer.id} ${cmp} ${c.id}`;
  }

  const rowsQuery = db
    .select({
      id: customer.id,
      externalId: customer.externalId,
      name: customer.name,
      attributes: customer.attributes,
      lastSeenAt: customer.lastSeenAt,
      createdAt: customer.createdAt,
      // Qualified by hand: drizzle leaves select-list columns unqualified, and a bare "id"
      // inside this subquery would be the contact's.
      contactCount: sql<number>`(
        select count(*)::int from contact k
        where k.workspace_id = ${workspaceId} and k.customer_id = "customer"."id"
      )`,
      sortKey: key ? sql<string>`(${key})::text` : sql<null>`null`,
    })
    .from(customer)
    .where(page)
    .orderBy(...orderBy(input.sort, Boolean(input.search)).map((e) => order(e)))
    .limit(input.pageSize + 1);

  const capped = input.filters.length > 0 || Boolean(input.search);
  const [rows, total] = await Promise.all([rowsQuery, countCustomers(db, where, capped)]);
  const more = rows.length > input.pageSize;
  const shown = more ? rows.slice(0, input.pageSize) : rows;
  const last = shown.at(-1);
  return {
    customers: shown.map(({ sortKey: _sortKey, ...r }) => r),
    nextCursor:
      more && last ? CURSORS[input.sort].encode(scope, { k: last.sortKey, id: last.id }) : null,
    total,
  };
}

/**
 * The ORDER BY of a page. While searching, the keys are wrapped (`|| ''`, `+ 0`) so no index
 * can supply the order: PostgreSQL guesses a prefix search matches ~2% of customers and would
 * walk the whole name index looking for 26 of them; with the order out of reach it gathers
 * the matches from the search indexes and sorts them (≤ 80 ms for 60,000 matches, < 1 ms for one).
 */
function orderBy(sort: CustomerSort, searching: boolean): SQL[] {
  const key = SORT_KEY[sort].key;
  if (!searching) return key ? [key, sql`${customer.id}`] : [sql`${customer.id}`];
  const id = sql`(${customer.id} + 0)`;
  if (!key) return [id];
  return [sort === "lastSeen" ? sql`(${key} + interval '0')` : sql`(${key} || '')`, id];
}

/** Counts matching customers; when `capped`, stops at COUNT_CAP + 1 rows. */
export async function countCustomers(
  db: DbOrTx,
  where: SQL,
  capped: boolean,
): Promise<{ count: number; exact: boolean }> {
  if (!capped) {
    const [all] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(customer)
      .where(where);
    return { count: Number(all.n), exact: true };
  }
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(
    db
      .select({ one: sql`1`.as("one") })
      .from(customer)
      .where(where)
      .limit(COUNT_CAP + 1)
      .as("capped"),
  );
  const n = Number(row?.n ?? 0);
  return n > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: n, exact: true };
}
