"use client";
/**
 * The affected customers: sorted, filtered and paged on the server (keyset cursors), with
 * attribute filter chips shared with the breakdown panel, search, and — for commanders —
 * adding customers by external id and removing those added by hand.
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { ColumnDef, SortingState } from "@tanstack/react-table";
import { Plus, Search, Trash2, UserPlus, X } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { DataTable, ROW_CONTROL, RowLink } from "@/app/_components/data-table";
import { Dialog } from "@/app/_components/dialog";
import {
  Badge,
  Button,
  Callout,
  Card,
  EmptyState,
  ErrorState,
  Field,
  Input,
  Select,
  cx,
} from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatInt, plural } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import type { AffectedSort, AttributeFilter } from "@/server/incidents/customer-queries";
import { formatValue, useBreakdown } from "./breakdown-panel";
import type { AffectedCustomerRow, Breakdown } from "./types";
import { useRefreshIncidents } from "./use-incident-mutation";

const PAGE_SIZE = 25;
const SORTABLE: Record<string, AffectedSort> = {
  customer: "name",
  lastSeen: "last_seen",
  firstSeen: "first_seen",
  events: "events",
};

export function AffectedCustomersTable({
  slug,
  incidentId,
  affectedTotal,
  canEdit,
  filters,
  onFiltersChange,
}: {
  slug: string;
  incidentId: string;
  affectedTotal: number;
  canEdit: boolean;
  filters: AttributeFilter[];
  onFiltersChange: (f: AttributeFilter[]) => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIncidents();
  const [sorting, setSorting] = useState<SortingState>([{ id: "lastSeen", desc: true }]);
  const [searchInput, setSearchInput] = useState("");
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [adding, setAdding] = useState(false);
  const [total, setTotal] = useState<number | null>(null);

  useEffect(() => {
    const t = setTimeout(() => setSearch(searchInput.trim()), 300);
    return () => clearTimeout(t);
  }, [searchInput]);
  // A new sort, filter or search starts again from the first page.
  const resetKey = JSON.stringify([sorting, filters, search]);
  const [lastReset, setLastReset] = useState(resetKey);
  if (resetKey !== lastReset) {
    setLastReset(resetKey);
    setCursors([null]);
    setTotal(null);
  }

  const sort = SORTABLE[sorting[0]?.id ?? "lastSeen"] ?? "last_seen";
  const page = cursors.length - 1;
  const customers = useQuery(
    trpc.incidents.customers.queryOptions(
      {
        workspace: slug,
        incidentId,
        sort,
        dir: sorting[0]?.desc ? "desc" : "asc",
        filters,
        search: search || undefined,
        cursor: cursors[page],
        limit: PAGE_SIZE,
      },
      { refetchInterval: LIVE_REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  const data = customers.data;
  // Only the first page of a filtered listing is counted; later pages keep its figure.
  if (data && !customers.isPlaceholderData && data.total !== null && data.total !== total) {
    setTotal(data.total);
  }

  const remove = useMutation(trpc.incidents.removeCustomer.mutationOptions({ onSuccess: refresh }));
  // Shares the breakdown panel's cached query: attributes in order of how much they explain.
  const breakdown = useBreakdown(slug, incidentId).data?.breakdown;
  const attributeKeys = useMemo(() => {
    const keys = breakdown?.attributes.map((a) => a.key) ?? [];
    const onPage = new Set((data?.rows ?? []).flatMap((r) => Object.keys(r.attributes)));
    return [
      ...keys.filter((k) => onPage.has(k)),
      ...[...onPage].filter((k) => !keys.includes(k)).sort(),
    ];
  }, [breakdown, data?.rows]);
  const addFilter = (f: AttributeFilter) =>
    onFiltersChange([...filters.filter((x) => x.key !== f.key), f]);

  const columns = useMemo<ColumnDef<AffectedCustomerRow, unknown>[]>(
    () => [
      {
        id: "customer",
        header: "Customer",
        enableSorting: true,
        cell: ({ row: { original: c } }) => (
          <div className="min-w-0 max-w-64">
            <RowLink
              href={`/w/${slug}/customers/${c.customerId}`}
              className="block truncate font-medium text-zinc-900 hover:underline"
            >
              {c.name ?? c.externalId}
            </RowLink>
            {c.name && (
              <div className="truncate font-mono text-xs text-zinc-500">{c.externalId}</div>
            )}
          </div>
        ),
      },
      {
        id: "attributes",
        header: "Attributes",
        enableSorting: false,
        cell: ({ row: { original: c } }) => (
          <div className="flex min-w-56 flex-wrap gap-1 whitespace-normal">
            {attributeKeys
              .filter((k) => k in c.attributes)
              .slice(0, 3)
              .map((k) => (
                <button
                  key={k}
                  onClick={() => addFilter({ key: k, value: c.attributes[k] })}
                  title={`Only customers with ${k} = ${formatValue(c.attributes[k])}`}
                  className={cx(
                    ROW_CONTROL,
                    "rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 hover:bg-zinc-200",
                  )}
                >
                  <span className="text-zinc-600">{k}</span> {formatValue(c.attributes[k])}
                </button>
              ))}
          </div>
        ),
      },
      {
        id: "source",
        header: "Why",
        enableSorting: false,
        cell: ({ row: { original: c } }) =>
          c.source === "manual" ? (
            <span title={`Added ${formatDateTime(c.addedAt)}`}>
              <Badge tone="violet">added by {c.addedByName ?? "a former member"}</Badge>
            </span>
          ) : (
            <Badge>observed</Badge>
          ),
      },
      {
        id: "firstSeen",
        header: "First seen",
        enableSorting: true,
        cell: ({ row: { original: c } }) => <Time at={c.firstSeenAt} />,
      },
      {
        id: "lastSeen",
        header: "Last seen",
        enableSorting: true,
        cell: ({ row: { original: c } }) => <Time at={c.lastSeenAt} />,
      },
      {
        id: "events",
        header: () => <span className="block text-right">Events</span>,
        enableSorting: true,
        cell: ({ row: { original: c } }) => (
          <span className="block text-right tabular-nums">{formatInt(c.eventCount)}</span>
        ),
      },
      ...(canEdit
        ? [
            {
              id: "actions",
              header: () => <span className="sr-only">Actions</span>,
              enableSorting: false,
              cell: ({ row: { original: c } }: { row: { original: AffectedCustomerRow } }) =>
                c.source === "manual" ? (
                  <button
                    onClick={() =>
                      remove.mutate({ workspace: slug, incidentId, customerId: c.customerId })
                    }
                    disabled={remove.isPending}
                    className={cx(
                      ROW_CONTROL,
                      "rounded p-1 text-zinc-500 hover:bg-red-50 hover:text-red-600",
                    )}
                    aria-label={`Remove ${c.externalId} from this incident`}
                    title="Remove from this incident"
                  >
                    <Trash2 className="size-4" />
                  </button>
                ) : null,
            } satisfies ColumnDef<AffectedCustomerRow, unknown>,
          ]
        : []),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [attributeKeys, canEdit, filters, remove.isPending],
  );

  const filtered = filters.length > 0 || search !== "";
  return (
    <Card
      padded={false}
      title={
        <span>
          Affected customers{" "}
          <span className="font-normal text-zinc-500">
            {filtered && total !== null
              ? `${formatInt(total)} of ${formatInt(affectedTotal)} match`
              : formatInt(affectedTotal)}
          </span>
        </span>
      }
      description="Everyone who hit this incident's errors, and those added by hand."
      actions={
        canEdit ? (
          <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
            <UserPlus className="size-3.5" /> Add customers
          </Button>
        ) : undefined
      }
    >
      <div data-testid="affected-customers">
        <div className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-4 py-2.5">
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-zinc-400" />
            <Input
              aria-label="Search affected customers"
              placeholder="Search name or id"
              className="h-9 w-60 pl-8"
              value={searchInput}
              onChange={(e) => setSearchInput(e.target.value)}
            />
          </div>
          {filters.map((f) => (
            <span
              key={f.key}
              data-testid="filter-chip"
              className="inline-flex items-center gap-1 rounded-full border border-zinc-300 bg-white py-0.5 pl-2.5 pr-1 text-xs"
            >
              <span className="text-zinc-500">{f.key} =</span>
              <span className="font-medium">{formatValue(f.value)}</span>
              <button
                onClick={() => onFiltersChange(filters.filter((x) => x.key !== f.key))}
                className="rounded-full p-0.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700"
                aria-label={`Remove filter ${f.key}`}
              >
                <X className="size-3" />
              </button>
            </span>
          ))}
          <AddFilter attributes={breakdown?.attributes ?? []} onAdd={addFilter} />
          {filters.length > 0 && (
            <button
              className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline"
              onClick={() => onFiltersChange([])}
            >
              Clear filters
            </button>
          )}
        </div>
        {remove.error && (
          <div className="px-4 pt-3">
            <Callout tone="error">{remove.error.message}</Callout>
          </div>
        )}
        {customers.isError ? (
          <ErrorState
            title="Could not load affected customers"
            message={customers.error.message}
            onRetry={() => customers.refetch()}
          />
        ) : (
          <DataTable
            columns={columns}
            data={data?.rows ?? []}
            loading={customers.isPending}
            sorting={sorting}
            onSortingChange={setSorting}
            getRowId={(r) => String(r.customerId)}
            empty={
              <EmptyState
                title={filtered ? "No affected customer matches" : "No affected customers yet"}
                description={
                  filtered
                    ? "Remove a filter or change the search."
                    : "Customers appear here as soon as events name them, or when a commander adds them."
                }
              />
            }
            page={{
              index: page,
              size: PAGE_SIZE,
              total: total ?? undefined,
              hasMore: Boolean(data?.nextCursor),
              onChange: (index) =>
                setCursors((cs) =>
                  index < cs.length - 1
                    ? cs.slice(0, index + 1)
                    : [...cs, data?.nextCursor ?? null],
                ),
            }}
          />
        )}
      </div>
      {canEdit && (
        <AddCustomersDialog
          slug={slug}
          incidentId={incidentId}
          open={adding}
          onClose={() => setAdding(false)}
        />
      )}
    </Card>
  );
}

function Time({ at }: { at: Date | null }) {
  if (!at) return <span className="text-zinc-500">never</span>;
  return (
    <span title={formatDateTime(at)} className="text-zinc-700">
      {formatAgo(at)}
    </span>
  );
}

/** Pick an attribute, then one of its most common values among the affected. */
function AddFilter({
  attributes,
  onAdd,
}: {
  attributes: Breakdown["attributes"];
  onAdd: (f: AttributeFilter) => void;
}) {
  const [key, setKey] = useState("");
  const keys = attributes.map((a) => a.key);
  const values = (attributes.find((a) => a.key === key)?.values ?? [])
    .filter((v) => v.affected > 0)
    .map((v) => [JSON.stringify(v.value), v.value] as const);
  if (keys.length === 0) return null;
  return (
    <span className="inline-flex items-center gap-1">
      <Select
        aria-label="Filter by attribute"
        className={cx("h-7 py-0 text-xs", !key && "text-zinc-500")}
        value={key}
        onChange={(e) => setKey(e.target.value)}
      >
        <option value="">+ Filter by attribute</option>
        {keys.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </Select>
      {key && (
        <Select
          aria-label={`Value of ${key}`}
          className="h-7 py-0 text-xs"
          value=""
          onChange={(e) => {
            const found = values.find(([k]) => k === e.target.value);
            if (found) {
              onAdd({ key, value: found[1] });
              setKey("");
            }
          }}
        >
          <option value="">choose a value…</option>
          {values.map(([k, v]) => (
            <option key={k} value={k}>
              {formatValue(v)}
            </option>
          ))}
        </Select>
      )}
    </span>
  );
}

function AddCustomersDialog({
  slug,
  incidentId,
  open,
  onClose,
}: {
  slug: string;
  incidentId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIncidents();
  const [text, setText] = useState("");
  const add = useMutation(trpc.incidents.addCustomers.mutationOptions({ onSuccess: refresh }));
  const ids = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const close = () => {
    add.reset();
    setText("");
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add affected customers"
      description="For customers who reported the problem but whose errors Blastradius has not seen. They are marked as added by you."
      footer={
        add.isSuccess ? (
          <Button onClick={close}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              loading={add.isPending}
              disabled={ids.length === 0 || ids.length > 1000}
              onClick={() => add.mutate({ workspace: slug, incidentId, externalIds: ids })}
            >
              <Plus className="size-4" /> Add{" "}
              {ids.length > 0 ? plural(ids.length, "customer") : "customers"}
            </Button>
          </>
        )
      }
    >
      {add.isSuccess ? (
        <div className="space-y-2 text-sm">
          <Callout tone="success">
            Added {plural(add.data.added, "customer")}
            {add.data.alreadyAffected > 0 &&
              ` · ${formatInt(add.data.alreadyAffected)} already affected`}
          </Callout>
          {add.data.unknown.length > 0 && (
            <Callout tone="warning">
              Not in your customer directory: {add.data.unknown.join(", ")}. Import them first
              (Customers → Import) or check the ids.
            </Callout>
          )}
        </div>
      ) : (
        <div className="space-y-3">
          <Field
            label="Customer ids"
            htmlFor="add-customer-ids"
            hint="Your own ids for the customers (external ids), separated by commas, spaces or new lines."
          >
            <textarea
              id="add-customer-ids"
              autoFocus
              rows={4}
              className="w-full rounded-md border border-zinc-300 px-3 py-2 font-mono text-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200"
              placeholder="cus_1042, cus_2211"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </Field>
          {add.error && <Callout tone="error">{add.error.message}</Callout>}
        </div>
      )}
    </Dialog>
  );
}
