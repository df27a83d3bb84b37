"use client";
/** The directory's columns: ids, names, the segment-like attributes as clickable badges, counts and times. */
import type { ColumnDef } from "@tanstack/react-table";
import { ROW_CONTROL, RowLink } from "@/app/_components/data-table";
import { Badge } from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatInt } from "@/app/_lib/format";
import type { CustomerRow } from "@/server/customers/list";
import { formatFilterValue, type AttributeFilter, type SortKey } from "./filters";

const SORT_FIELD = {
  externalId: "externalId",
  name: "name",
  lastSeen: "lastSeenAt",
  created: "createdAt",
} as const satisfies Record<SortKey, keyof CustomerRow>;

/** How many attributes a row shows as badges. */
const BADGE_KEYS = 3;
/** Attributes that name a segment come first, then the most common keys; never ids (> 50 values). */
const SEGMENT_KEYS = ["plan", "tier", "region", "app_version", "platform", "cluster", "country"];

export function badgeKeysOf(keys: { key: string; customers: number; distinctValues: number }[]) {
  const rank = (k: (typeof keys)[number]) => {
    const known = SEGMENT_KEYS.indexOf(k.key.toLowerCase());
    return known >= 0 ? known : SEGMENT_KEYS.length;
  };
  return [...keys]
    .filter((k) => k.distinctValues <= 50)
    .sort(
      (a, b) =>
        rank(a) - rank(b) || b.customers - a.customers || a.distinctValues - b.distinctValues,
    )
    .slice(0, BADGE_KEYS)
    .map((k) => k.key);
}

/** Each row links to the customer's page from its Name cell; the attribute badges filter instead. */
export function customerColumns(
  slug: string,
  badgeKeys: string[],
  onFilter: (f: AttributeFilter) => void,
): ColumnDef<CustomerRow, unknown>[] {
  // TanStack sorts only columns with an accessor; the server does the actual sorting.
  const sortable = (id: SortKey) => ({ id, accessorFn: (r: CustomerRow) => r[SORT_FIELD[id]] });
  return [
    {
      ...sortable("externalId"),
      header: "External ID",
      cell: ({ row }) => (
        <span className="font-mono text-xs text-zinc-700" data-testid="customer-external-id">
          {row.original.externalId}
        </span>
      ),
    },
    {
      ...sortable("name"),
      header: "Name",
      cell: ({ row: { original: c } }) => (
        <RowLink href={`/w/${slug}/customers/${c.id}`} className="hover:underline">
          {c.name ? (
            <span className="font-medium text-zinc-900">{c.name}</span>
          ) : (
            <>
              <span className="text-zinc-500">No name</span>
              <span className="sr-only"> ({c.externalId})</span>
            </>
          )}
        </RowLink>
      ),
    },
    {
      id: "attributes",
      header: "Attributes",
      enableSorting: false,
      cell: ({ row: { original: c } }) => {
        const shown = badgeKeys.filter((k) => k in c.attributes);
        const more = Object.keys(c.attributes).length - shown.length;
        return (
          <div className="flex items-center gap-1">
            {shown.map((key) => (
              <button
                key={key}
                title={`Show only customers with ${key} = ${formatFilterValue(c.attributes[key])}`}
                onClick={() => onFilter({ key, value: c.attributes[key] })}
                className={ROW_CONTROL}
              >
                <Badge className="hover:ring-zinc-400">
                  <span className="text-zinc-600">{key}:</span>{" "}
                  {formatFilterValue(c.attributes[key])}
                </Badge>
              </button>
            ))}
            {more > 0 && (
              <span className="text-xs text-zinc-600">
                +{more}
                <span className="sr-only"> more attributes</span>
              </span>
            )}
          </div>
        );
      },
    },
    {
      id: "contacts",
      header: () => <span className="block text-right">Contacts</span>,
      enableSorting: false,
      cell: ({ row }) => (
        <span className="block text-right tabular-nums text-zinc-700">
          {formatInt(row.original.contactCount)}
        </span>
      ),
    },
    {
      ...sortable("lastSeen"),
      header: "Last seen",
      cell: ({ row }) => (
        <span className="text-zinc-700" title={formatDateTime(row.original.lastSeenAt)}>
          {row.original.lastSeenAt ? (
            formatAgo(row.original.lastSeenAt)
          ) : (
            <span className="text-zinc-500">Never</span>
          )}
        </span>
      ),
    },
    {
      ...sortable("created"),
      header: "Added",
      // The least needed column gives way on screens narrower than 1536 px.
      meta: { className: "hidden 2xl:table-cell" },
      cell: ({ row }) => (
        <span className="text-zinc-500" title={formatDateTime(row.original.createdAt)}>
          {formatAgo(row.original.createdAt)}
        </span>
      ),
    },
  ];
}
