"use client";
/**
 * The one table component: TanStack Table rendering with server-side sorting and paging.
 * Pages own the data fetching; this draws headers, rows, sort arrows, and the pager.
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
import type { ReactNode } from "react";
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
  onRowClick?: (row: T) => void;
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
  onRowClick,
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
      <div className="relative overflow-x-auto">
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
                            <ChevronsUpDown className="size-3 opacity-40" />
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
                <tr
                  key={row.id}
                  onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                  className={clsx("hover:bg-zinc-50", onRowClick && "cursor-pointer")}
                >
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
      </div>
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
