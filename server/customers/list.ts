/**
 * The customers list: search, attribute filters, sort and keyset paging, built to stay fast
 * at 200,000 customers in a workspace.
 *  - Paging is by cursor (the last row's sort key and id), so page 500 costs what page 1 does.
 *  - Attribute filters become one `attributes @> {...}` test, answered by the GIN index.
 *  - The total is counted up to COUNT_CAP matching rows; beyond that the list says "10,000+"
 *    instead of counting every row of a broad search on every keystroke.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { contact, customer } from "@/db/schema";
import { invalid } from "@/server/errors";
import {
  ATTRIBUTE_KEY_PATTERN,
  attributeValueSchema,
  CUSTOMER_LIMITS,
  isStorableText,
} from "./schema";
import { escapeLike } from "./sql";

/** Unfiltered lists are counted exactly up to here; filtered ones report "N+" beyond it. */
export const COUNT_CAP = 10_000;
export const PAGE_SIZES = [25, 50, 100] as const;
export const CUSTOMER_SORTS = ["name", "externalId", "lastSeen", "created"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const attributeFilterSchema = z.object({
  key: z.string().min(1).max(CUSTOMER_LIMITS.attributeKey).regex(ATTRIBUTE_KEY_PATTERN),
  value: attributeValueSchema,
});

export const customerListInput = z.object({
  /** Matches external id, name or a contact's email, anywhere in the text, ignoring case. */
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
  cursor: z.string().max(2000).optional(),
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

/** Each sort: the key expression (selected as text for the cursor, so no precision is lost). */
const SORT_KEY: Record<CustomerSort, { key: SQL | null; cast: SQL }> = {
  name: { key: sql`lower(coalesce(${customer.name}, ${customer.externalId}))`, cast: sql`text` },
  externalId: { key: sql`${customer.externalId}`, cast: sql`text` },
  // Never-seen customers sort as the oldest.
  lastSeen: {
    key: sql`coalesce(${customer.lastSeenAt}, '-infinity'::timestamptz)`,
    cast: sql`timestamptz`,
  },
  created: { key: null, cast: sql`text` },
};

interface Cursor {
  /** The sort the cursor belongs to, e.g. "lastSeen.desc": a cursor only continues its own list. */
  s: string;
  k: string | null;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/** PostgreSQL's text form of a timestamptz (or -infinity), as the list puts it in cursors. */
const TIMESTAMP = /^(-infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)$/;

function decodeCursor(s: string, sort: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
    if (c.s === sort && typeof c.id === "number" && Number.isSafeInteger(c.id)) {
      if (c.k === null) return c;
      if (typeof c.k !== "string") throw new Error("bad cursor");
      if (sort.startsWith("lastSeen") ? TIMESTAMP.test(c.k) : isStorableText(c.k)) return c;
    }
  } catch {
    // fall through
  }
  throw invalid("cursor: Not a cursor from this list; start again from the first page");
}

/** The WHERE clause shared by the page and the count. */
export function customerFilter(
  workspaceId: string,
  input: Pick<z.output<typeof customerListInput>, "search" | "filters">,
): SQL {
  const conditions: SQL[] = [eq(customer.workspaceId, workspaceId)];
  if (input.filters.length) {
    const wanted: Record<string, unknown> = {};
    for (const f of input.filters) {
      if (f.key in wanted && wanted[f.key] !== f.value) return sql`false`;
      wanted[f.key] = f.value;
    }
    conditions.push(sql`${customer.attributes} @> ${JSON.stringify(wanted)}::jsonb`);
  }
  if (input.search) {
    const pattern = `%${escapeLike(input.search)}%`;
    conditions.push(sql`(
      ${customer.externalId} ilike ${pattern}
      or ${customer.name} ilike ${pattern}
      or ${customer.id} in (
        select ${contact.customerId} from ${contact}
        where ${contact.workspaceId} = ${workspaceId} and ${contact.email} like ${pattern.toLowerCase()}
      )
    )`);
  }
  return and(...conditions)!;
}

export async function listCustomers(
  db: DbOrTx,
  workspaceId: string,
  rawInput: CustomerListInput,
): Promise<CustomerList> {
  const input = customerListInput.parse(rawInput);
  const where = customerFilter(workspaceId, input);
  const { key, cast } = SORT_KEY[input.sort];
  const order = input.dir === "asc" ? asc : desc;
  const cmp = input.dir === "asc" ? sql`>` : sql`<`;
  const sortName = `${input.sort}.${input.dir}`;

  let page = where;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, sortName);
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
      contactCount: sql<number>`(
        select count(*)::int from ${contact}
        where ${contact.workspaceId} = ${workspaceId} and ${contact.customerId} = ${customer.id}
      )`,
      sortKey: key ? sql<string>`(${key})::text` : sql<null>`null`,
    })
    .from(customer)
    .where(page)
    .orderBy(...(key ? [order(key), order(customer.id)] : [order(customer.id)]))
    .limit(input.pageSize + 1);

  const [rows, total] = await Promise.all([rowsQuery, countCustomers(db, where)]);
  const more = rows.length > input.pageSize;
  const shown = more ? rows.slice(0, input.pageSize) : rows;
  const last = shown.at(-1);
  return {
    customers: shown.map(({ sortKey: _sortKey, ...r }) => r),
    nextCursor: more && last ? encodeCursor({ s: sortName, k: last.sortKey, id: last.id }) : null,
    total,
  };
}

/** Counts matching customers, stopping at COUNT_CAP + 1 rows. */
export async function countCustomers(
  db: DbOrTx,
  where: SQL,
): Promise<{ count: number; exact: boolean }> {
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
