"use client";
/**
 * The incidents list: Open / Resolved / All, newest first, refreshed every few seconds so a
 * commander sees an incident open and its affected customers climb without reloading. Each
 * row says who is hurt (the leading segment, the audience, how many were told) and whether
 * errors still arrive. On a phone the row is one stacked cell beside the affected count.
 */
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Flame, Plus } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { DataTable, RowLink } from "@/app/_components/data-table";
import { FirstEvents } from "./first-events";
import { Button, Card, EmptyState, ErrorState, PageHeader, cx } from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatDuration, formatInt } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { SeverityBadge, StatusBadge, incidentRef } from "./badges";
import { DeclareIncidentDialog } from "./declare-dialog";
import { LastError, QuietFor, WhoIsHurt } from "./glance";
import { LiveIndicator } from "./live";

type IncidentRow = inferRouterOutputs<AppRouter>["incidents"]["list"][number];

type Tab = "open" | "resolved" | "all";
const TABS: { id: Tab; label: string }[] = [
  { id: "open", label: "Open" },
  { id: "resolved", label: "Resolved" },
  { id: "all", label: "All" },
];

export function IncidentsList({ slug, canDeclare }: { slug: string; canDeclare: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const tab = (TABS.find((t) => t.id === params.get("status"))?.id ?? "open") as Tab;
  const [declaring, setDeclaring] = useState(false);

  const list = useQuery(
    trpc.incidents.list.queryOptions(
      { workspace: slug, status: tab },
      { refetchInterval: LIVE_REFRESH_MS },
    ),
  );
  // The Open tab's count stays visible from the other tabs.
  const open = useQuery(
    trpc.incidents.list.queryOptions(
      { workspace: slug, status: "open" },
      { refetchInterval: LIVE_REFRESH_MS },
    ),
  );

  // No open incidents: has this workspace ever had one? If not, say how to send the first events.
  const all = useQuery(
    trpc.incidents.list.queryOptions(
      { workspace: slug, status: "all" },
      { enabled: tab === "open" && list.data?.length === 0 },
    ),
  );
  const neverAny = (tab === "all" && list.data?.length === 0) || all.data?.length === 0;

  const columns = useMemo(() => incidentColumns(slug), [slug]);
  const href = (id: string) => `/w/${slug}/incidents/${id}`;
  const setTab = (t: Tab) =>
    router.replace(t === "open" ? pathname : `${pathname}?status=${t}`, { scroll: false });

  const declare = canDeclare ? (
    <Button onClick={() => setDeclaring(true)}>
      <Plus className="size-4" /> Declare incident
    </Button>
  ) : null;

  return (
    <div>
      <PageHeader
        title="Incidents"
        description="Who is hurting right now, and how many of them."
        actions={
          <>
            <LiveIndicator updatedAt={list.dataUpdatedAt} failing={list.isError} />
            {declare}
          </>
        }
      />
      <div className="mb-3 flex gap-1 border-b border-zinc-200" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            onClick={() => setTab(t.id)}
            className={cx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              tab === t.id
                ? "border-zinc-900 text-zinc-900"
                : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t.label}
            {t.id === "open" && open.data && open.data.length > 0 && (
              <span className="ml-1.5 rounded-full bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-700">
                {open.data.length}
              </span>
            )}
          </button>
        ))}
      </div>
      <Card padded={false}>
        {list.isError ? (
          <ErrorState
            title="Could not load incidents"
            message={list.error.message}
            onRetry={() => list.refetch()}
          />
        ) : (
          <DataTable
            columns={columns}
            data={list.data ?? []}
            loading={list.isPending}
            getRowId={(r) => r.id}
            empty={
              neverAny ? <FirstEvents slug={slug} /> : <ListEmpty tab={tab} action={declare} />
            }
          />
        )}
      </Card>
      {canDeclare && (
        <DeclareIncidentDialog
          slug={slug}
          open={declaring}
          onClose={() => setDeclaring(false)}
          onDeclared={(n) => router.push(href(String(n)))}
        />
      )}
    </div>
  );
}

function ListEmpty({ tab, action }: { tab: Tab; action: React.ReactNode }) {
  if (tab === "resolved") {
    return (
      <EmptyState
        icon={<Flame className="size-6" />}
        title="No resolved incidents yet"
        description="Incidents appear here once their status is set to resolved."
      />
    );
  }
  return (
    <EmptyState
      icon={<Flame className="size-6" />}
      title={tab === "open" ? "No open incidents" : "No incidents yet"}
      description="Incidents open by themselves when an error crosses your thresholds, or declare one."
      action={action}
    />
  );
}

/** Columns beyond "Incident" and "Affected" show from this width; below it, the Incident cell carries them. */
const WIDE = "hidden md:table-cell";

function incidentColumns(slug: string): ColumnDef<IncidentRow, unknown>[] {
  return [
    {
      id: "incident",
      header: "Incident",
      cell: ({ row: { original: i } }) => (
        <div className="min-w-0 max-w-xl space-y-1 whitespace-normal" data-testid="incident-row">
          {/* On a phone the reference sits above the title, so words keep whole. */}
          <div className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:gap-2.5">
            <span className="shrink-0 font-mono text-xs text-zinc-500">
              {incidentRef(i.number)}
            </span>
            <RowLink
              href={`/w/${slug}/incidents/${i.number}`}
              className="line-clamp-2 break-words font-medium text-zinc-900 hover:underline"
              title={i.title}
              data-testid="incident-link"
            >
              {i.title}
            </RowLink>
          </div>
          <WhoIsHurt
            glance={i.glance}
            affectedCustomers={i.affectedCustomers}
            resolved={i.status === "resolved"}
          />
          {/* What the wide columns say, stacked for narrow screens. */}
          <div className="flex flex-wrap items-center gap-1.5 md:hidden">
            <StatusBadge status={i.status} testId={null} />
            <SeverityBadge severity={i.severity} testId={null} />
            <LastError incident={i} />
            <QuietFor incident={i} />
          </div>
        </div>
      ),
    },
    {
      id: "severity",
      header: "Severity",
      meta: { className: WIDE },
      cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
    },
    {
      id: "status",
      header: "Status",
      meta: { className: WIDE },
      cell: ({ row }) => <StatusBadge status={row.original.status} />,
    },
    {
      id: "lastError",
      header: "Last error",
      meta: { className: WIDE },
      cell: ({ row: { original: i } }) => (
        <div className="flex flex-col items-start gap-1">
          <LastError incident={i} testId="incident-last-error" />
          <QuietFor incident={i} />
        </div>
      ),
    },
    {
      id: "affected",
      header: () => (
        <span
          className="block text-right"
          title="Customers affected, and how many in the last hour"
        >
          Affected
        </span>
      ),
      cell: ({ row: { original: i } }) => (
        <div className="text-right tabular-nums">
          <span className="font-semibold text-zinc-900" data-testid="incident-affected-count">
            {formatInt(i.affectedCustomers)}
          </span>
          {i.status === "resolved" ? (
            <div className="text-xs text-zinc-500">resolved {formatAgo(i.resolvedAt)}</div>
          ) : (
            <div
              className={cx("text-xs", i.affectedLastHour > 0 ? "text-red-600" : "text-zinc-500")}
              data-testid="incident-affected-last-hour"
            >
              {i.affectedLastHour > 0
                ? `+${formatInt(i.affectedLastHour)} in last hour`
                : "none in last hour"}
            </div>
          )}
        </div>
      ),
    },
    {
      id: "started",
      header: "Started",
      meta: { className: "hidden lg:table-cell" },
      cell: ({ row: { original: i } }) => (
        <span title={formatDateTime(i.startedAt)} className="text-zinc-700">
          {formatAgo(i.startedAt)}
        </span>
      ),
    },
    {
      id: "duration",
      header: "Duration",
      meta: { className: "hidden lg:table-cell" },
      cell: ({ row: { original: i } }) => (
        <span className="tabular-nums text-zinc-700">
          {formatDuration(i.startedAt, i.resolvedAt)}
        </span>
      ),
    },
  ];
}
