"use client";
/**
 * The incident page: what is broken, for how many customers, since when, which segment is
 * hit, and who those customers are. Every panel polls, so the page follows a live incident.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { FileQuestion } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AsOf } from "@/app/_components/as-of";
import { ButtonLink, EmptyState, ErrorState, Skeleton, Stat } from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import type { AttributeFilter } from "@/server/incidents/customer-queries";
import { incidentRef as refLabel } from "../badges";
import { LiveIndicator } from "../live";
import { ruleKey } from "@/server/segments/rule";
import { ActivityTimeline } from "./activity-timeline";
import { AudienceCard, useAudience } from "./audience-card";
import { BreakdownPanel } from "./breakdown-panel";
import { AffectedCustomersTable } from "./customers-table";
import { EventsChart, type ChartRange } from "./events-chart";
import { IncidentHeader } from "./header";
import { IssuesCard } from "./issues-card";
import { SegmentsPanel, useSegmentAnalysis } from "./segments-panel";
import { UpdatesCard } from "./updates-card";

export function IncidentPage({
  slug,
  incidentRef,
  canEdit,
}: {
  slug: string;
  incidentRef: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const [range, setRange] = useState<ChartRange>("start");
  const [filters, setFilters] = useState<AttributeFilter[]>([]);
  const audience = useAudience(slug, incidentRef);
  // Asked for at once, beside the incident (same key as the panel's), not after it rendered.
  useSegmentAnalysis(slug, incidentRef);
  const detail = useQuery(
    trpc.incidents.get.queryOptions(
      {
        workspace: slug,
        incidentId: incidentRef,
        minutes: range === "start" ? undefined : range,
      },
      { refetchInterval: LIVE_REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );

  const breadcrumb = (
    <Link href={`/w/${slug}/incidents`} className="hover:text-zinc-800 hover:underline">
      Incidents
    </Link>
  );

  if (detail.isPending) return <PageSkeleton />;
  if (detail.isError) {
    if (detail.error.data?.code === "NOT_FOUND") {
      return (
        <EmptyState
          icon={<FileQuestion className="size-6" />}
          title="Incident not found"
          description="It may belong to another workspace, or the link is mistyped."
          action={<ButtonLink href={`/w/${slug}/incidents`}>Back to incidents</ButtonLink>}
        />
      );
    }
    return (
      <ErrorState
        title="Could not load this incident"
        message={detail.error.message}
        onRetry={() => detail.refetch()}
      />
    );
  }

  const inc = detail.data;
  const addFilter = (f: AttributeFilter) =>
    setFilters((fs) => [...fs.filter((x) => x.key !== f.key), f]);
  return (
    <div className="space-y-5">
      <div className="flex items-center justify-between text-xs text-zinc-500">
        <div>
          {breadcrumb} <span className="mx-1">/</span> {refLabel(inc.number)}
        </div>
        <LiveIndicator updatedAt={detail.dataUpdatedAt} failing={detail.isRefetchError} />
      </div>
      <IncidentHeader slug={slug} incident={inc} canEdit={canEdit} />

      <section aria-label="Figures" className="space-y-1.5">
        <p className="text-right text-xs text-zinc-600">
          Figures <AsOf at={inc.asOf} testId="incident-stats-as-of" />
        </p>
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="incident-stats">
          <Stat
            label="Affected customers"
            value={
              <span data-testid="incident-affected-count">{formatInt(inc.affectedCustomers)}</span>
            }
            hint={inc.status === "resolved" ? "over the whole incident" : "so far"}
          />
          <Stat
            label="Affected in last hour"
            value={
              <span
                data-testid="incident-affected-last-hour"
                className={
                  inc.affectedLastHour > 0 && inc.status !== "resolved" ? "text-red-600" : undefined
                }
              >
                {formatInt(inc.affectedLastHour)}
              </span>
            }
            hint="customers with an error in the last 60 min"
          />
          <Stat
            label="Events"
            value={formatInt(inc.eventCount)}
            hint="errors from attached issues"
          />
          <Stat
            label="Attached issues"
            value={formatInt(inc.issues.length)}
            hint={
              inc.issues.length
                ? inc.issues
                    .map((i) => i.service)
                    .slice(0, 3)
                    .join(", ")
                : "none yet"
            }
          />
        </div>
      </section>

      <div className="grid gap-5 lg:grid-cols-3 [&>*]:min-w-0">
        <EventsChart
          className="lg:col-span-2"
          series={inc.series}
          activity={inc.activity}
          range={range}
          onRange={setRange}
        />
        <IssuesCard slug={slug} incident={inc} canEdit={canEdit} />
      </div>

      <div className="grid gap-5 lg:grid-cols-3 [&>*]:min-w-0">
        {/* By the reference the page was opened with, as the first requests ask: the audience
            and the segments then go out with the incident itself, not after it rendered. */}
        <SegmentsPanel
          className="lg:col-span-2"
          slug={slug}
          incidentId={incidentRef}
          canEdit={canEdit}
          affectedNow={inc.affectedCustomers}
          audienceKey={audience.data?.segment ? ruleKey(audience.data.segment.rule) : null}
        />
        <AudienceCard slug={slug} incidentId={incidentRef} canEdit={canEdit} />
      </div>

      <UpdatesCard slug={slug} incident={inc} audienceTotal={audience.data?.total ?? null} />

      <div className="grid gap-5 lg:grid-cols-3 [&>*]:min-w-0">
        <BreakdownPanel
          className="lg:col-span-2"
          slug={slug}
          incidentId={inc.id}
          filters={filters}
          onFilter={addFilter}
        />
        <ActivityTimeline activity={inc.activity} />
      </div>

      <AffectedCustomersTable
        slug={slug}
        incidentId={inc.id}
        affectedTotal={inc.affectedCustomers}
        canEdit={canEdit}
        filters={filters}
        onFiltersChange={setFilters}
      />
    </div>
  );
}

function PageSkeleton() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading incident">
      <Skeleton className="h-4 w-40" />
      <Skeleton className="h-8 w-2/3" />
      <Skeleton className="h-10 w-full" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-20" />
        ))}
      </div>
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
