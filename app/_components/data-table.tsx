"use client";
/**
 * The one table component: TanStack Table rendering with server-side sorting and paging.
 * Pages own the data fetching; this draws headers, rows, sort arrows, and the pager.
 *
 * A row that opens something is a real link: its primary cell renders `RowLink`, whose ::after
 * stretches over the whole row, so a click anywhere on the row follows it, Tab reaches it and
 * middle-click opens it in a new tab. Other controls in the row (filter chips, remove buttons)
 * are siblings of the link, never inside it, and sit above the stretched area with `ROW_CONTROL`.
 */
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
  type OnChangeFn,
} from "@tanstack/react-table";
import clsx from "clsx";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import { ScrollBox } from "./scroll-box";
import { Button, TableSkeleton } from "./ui";
import { formatInt } from "@/app/_lib/format";

/**
 * Classes a column puts on its header and cells, given as `meta: { className }` — e.g.
 * `"hidden 2xl:table-cell"` for a column that only shows on wide screens.
 */
function columnClass<T>(def: ColumnDef<T, unknown>): string | undefined {
  return (def.meta as { className?: string } | undefined)?.className;
}

export interface DataTableProps<T> {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  /** Server-side sorting: the table only reports what the user clicked. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  loading?: boolean;
  empty?: ReactNode;
  getRowId?: (row: T) => string;
  /** Paging: total rows (if known), current page (0-based), page size. */
  page?: {
    index: number;
    size: number;
    total?: number;
    hasMore?: boolean;
    onChange: (index: number) => void;
  };
}

export function DataTable<T>({
  columns,
  data,
  sorting,
  onSortingChange,
  loading,
  empty,
  getRowId,
  page,
}: DataTableProps<T>) {
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    state: { sorting: sorting ?? [] },
    onSortingChange,
    getRowId,
  });

  const totalPages =
    page?.total !== undefined ? Math.max(1, Math.ceil(page.total / page.size)) : undefined;
  const hasNext = page
    ? totalPages !== undefined
      ? page.index + 1 < totalPages
      : Boolean(page.hasMore)
    : false;

  return (
    <div>
      {/* relative: positioned children (sr-only labels) stay inside the scroll box. */}
      <ScrollBox className="relative overflow-x-auto" label="Table, scrolls sideways">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-500">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((header) => {
                  const canSort = header.column.getCanSort() && Boolean(onSortingChange);
                  const dir = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      className={clsx(
                        "whitespace-nowrap px-3 py-2 font-medium",
                        columnClass(header.column.columnDef),
                      )}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          className="inline-flex items-center gap-1 hover:text-zinc-900"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {dir === "asc" ? (
                            <ArrowUp className="size-3" />
                          ) : dir === "desc" ? (
                            <ArrowDown className="size-3" />
                          ) : (
                            <ChevronsUpDown className="size-3 text-zinc-400" />
                          )}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          {!loading && (
            <tbody className="divide-y divide-zinc-100">
              {table.getRowModel().rows.map((row) => (
                // relative: the box a RowLink's stretched ::after fills.
                <tr key={row.id} className="relative hover:bg-zinc-50">
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={clsx(
                        "whitespace-nowrap px-3 py-2.5 align-middle",
                        columnClass(cell.column.columnDef),
                      )}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </ScrollBox>
      {loading && <TableSkeleton />}
      {!loading && data.length === 0 && empty}
      {page && (data.length > 0 || page.index > 0) && (
        <div className="flex items-center justify-between border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">
          <span>
            {page.total !== undefined
              ? `${formatInt(page.index * page.size + 1)}–${formatInt(page.index * page.size + data.length)} of ${formatInt(page.total)}`
              : `Page ${page.index + 1}`}
          </span>
          <div className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              disabled={page.index === 0}
              onClick={() => page.onChange(page.index - 1)}
            >
              Previous
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={!hasNext}
              onClick={() => page.onChange(page.index + 1)}
            >
              Next
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The link in a row's primary cell; its ::after covers the row (see the note at the top). */
export function RowLink({ className, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link
      className={clsx(
        "after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-inset focus-visible:after:ring-brand-500",
        className,
      )}
      {...props}
    />
  );
}

/** For a control inside a linked row: above the row's stretched link, so it gets its own clicks. */
export const ROW_CONTROL = "relative z-10";
