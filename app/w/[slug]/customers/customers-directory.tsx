"use client";
/**
 * The customer directory: search (debounced), attribute filter chips, sortable columns and
 * cursor paging, all answered by the server so it stays quick at 200,000 customers. Search,
 * filters and sort live in the URL; the page stack of cursors lives here.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { SortingState } from "@tanstack/react-table";
import { Search, Upload, X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { DataTable } from "@/app/_components/data-table";
import {
  ButtonLink,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Input,
  PageHeader,
  Select,
  cx,
} from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { AttributeFilters } from "./attribute-filters";
import { badgeKeysOf, customerColumns } from "./customer-columns";
import { EmptyDirectory } from "./empty-directory";
import { filterParam, parseFilterParam, parseSort, type AttributeFilter } from "./filters";

const PAGE_SIZES = [25, 50, 100] as const;

export function CustomersDirectory({ slug, canImport }: { slug: string; canImport: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();

  const search = params.get("q") ?? "";
  const filters = useMemo(
    () => params.getAll("filter").flatMap((p) => parseFilterParam(p) ?? []),
    [params],
  );
  const { sort, dir } = parseSort(params.get("sort"));
  const [searchInput, setSearchInput] = useState(search);
  const [pageSize, setPageSize] = useState<(typeof PAGE_SIZES)[number]>(25);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);

  function setParams(change: (p: URLSearchParams) => void) {
    const next = new URLSearchParams(params.toString());
    change(next);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  // Debounced: the list follows the search box 250 ms after the last keystroke.
  useEffect(() => {
    const t = setTimeout(() => {
      if (searchInput.trim() === search) return;
      setParams((p) => (searchInput.trim() ? p.set("q", searchInput.trim()) : p.delete("q")));
    }, 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text restarts the timer
  }, [searchInput]);

  // A new search, filter, sort or page size starts again from the first page.
  const resetKey = JSON.stringify([search, filters, sort, dir, pageSize]);
  const [lastReset, setLastReset] = useState(resetKey);
  if (resetKey !== lastReset) {
    setLastReset(resetKey);
    setCursors([undefined]);
  }

  const list = useQuery(
    trpc.customers.list.queryOptions(
      {
        workspace: slug,
        search: search || undefined,
        filters,
        sort,
        dir,
        pageSize,
        cursor: cursors.at(-1),
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const keys = useQuery(
    trpc.customers.attributeKeys.queryOptions({ workspace: slug }, { staleTime: 60_000 }),
  );
  const badgeKeys = useMemo(() => badgeKeysOf(keys.data?.keys ?? []), [keys.data]);

  const setFilters = (next: AttributeFilter[]) =>
    setParams((p) => {
      p.delete("filter");
      for (const f of next) p.append("filter", filterParam(f));
    });
  // Two values of one key can never both hold, so a new value replaces the old one.
  const addFilter = (f: AttributeFilter) =>
    setFilters([...filters.filter((o) => o.key !== f.key), f]);
  const clearAll = () => {
    setSearchInput("");
    setParams((p) => {
      p.delete("q");
      p.delete("filter");
    });
  };

  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    const s = next[0];
    if (s) setParams((p) => p.set("sort", `${s.id}.${s.desc ? "desc" : "asc"}`));
  };

  const columns = useMemo(
    () => customerColumns(slug, badgeKeys, addFilter),
    // addFilter is new each render; it reads only `filters`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [slug, badgeKeys, filters],
  );
  const data = list.data;
  const narrowed = Boolean(search) || filters.length > 0;
  const total = data?.total;
  const emptyDirectory = !narrowed && total?.count === 0;

  return (
    <div>
      <PageHeader
        title="Customers"
        description="Who your incidents can hurt: attributes place each customer in a segment, contacts say whom to tell."
        actions={
          canImport && (
            <ButtonLink href={`/w/${slug}/customers/import`} variant="secondary">
              <Upload className="size-4" /> Import CSV
            </ButtonLink>
          )
        }
      />
      <div className={cx("mb-3 flex flex-wrap items-center gap-2", emptyDirectory && "hidden")}>
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-zinc-400" />
          <Input
            type="search"
            value={searchInput}
            onChange={(e) => setSearchInput(e.target.value)}
            placeholder="Search id, name or email…"
            aria-label="Search customers"
            data-testid="customers-search"
            className="pl-8"
          />
        </div>
        <AttributeFilters
          keys={keys.data?.keys ?? []}
          loading={keys.isPending}
          filters={filters}
          onChange={setFilters}
        />
        {narrowed && (
          <Button variant="ghost" size="sm" onClick={clearAll}>
            <X className="size-3.5" /> Clear
          </Button>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm text-zinc-600">
          <span data-testid="customers-total" className="tabular-nums">
            {total ? totalLabel(total, narrowed) : "\u00a0"}
          </span>
          <Select
            aria-label="Customers per page"
            value={pageSize}
            onChange={(e) => setPageSize(Number(e.target.value) as (typeof PAGE_SIZES)[number])}
            className="h-8 text-xs"
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n} per page
              </option>
            ))}
          </Select>
        </div>
      </div>
      {/* aria-busy: a new page, search or filter is loading (the old rows stay, dimmed). */}
      <div data-testid="customers-table" aria-busy={list.isFetching}>
        <Card
          padded={false}
          className={cx("transition-opacity", list.isPlaceholderData && "opacity-60")}
        >
          {list.isError ? (
            <ErrorState
              title="Could not load customers"
              message={list.error.message}
              onRetry={() => list.refetch()}
            />
          ) : emptyDirectory ? (
            <EmptyDirectory slug={slug} canImport={canImport} />
          ) : (
            <DataTable
              columns={columns}
              data={data?.customers ?? []}
              loading={list.isPending}
              sorting={sorting}
              onSortingChange={onSortingChange}
              getRowId={(r) => String(r.id)}
              empty={
                <EmptyState
                  icon={<Search className="size-6" />}
                  title="No customers match"
                  description={
                    search
                      ? "Search finds words that start with what you type in ids and names, exact ids, and the start of contact emails."
                      : "No customer has all of these attributes."
                  }
                  action={
                    <Button variant="secondary" onClick={clearAll}>
                      Clear search and filters
                    </Button>
                  }
                />
              }
              page={{
                index: cursors.length - 1,
                size: pageSize,
                total: total?.exact ? total.count : undefined,
                hasMore: Boolean(data?.nextCursor),
                onChange: (index) =>
                  setCursors((c) =>
                    index < c.length - 1
                      ? c.slice(0, index + 1)
                      : data?.nextCursor
                        ? [...c, data.nextCursor]
                        : c,
                  ),
              }}
            />
          )}
        </Card>
      </div>
    </div>
  );
}

function totalLabel(total: { count: number; exact: boolean }, narrowed: boolean) {
  const n = `${formatInt(total.count)}${total.exact ? "" : "+"}`;
  const noun = total.count === 1 && total.exact ? "customer" : "customers";
  return narrowed ? `${n} ${noun} match` : `${n} ${noun}`;
}
