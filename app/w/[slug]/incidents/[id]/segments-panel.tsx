"use client";
/**
 * "Affected segments": which attribute combinations explain this incident's customers, with
 * the figures that prove it (share of the affected inside, failure rate inside vs. everyone
 * else), and "Use as audience" to make a segment the incident's audience (named and saved as
 * a workspace segment; see adopt-dialog.tsx). The server recomputes the analysis as events
 * arrive (debounced); "Recompute" asks for a new one now.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw, Target, Users } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  Callout,
  Card,
  EmptyState,
  ErrorState,
  Skeleton,
} from "@/app/_components/ui";
import { AsOf } from "@/app/_components/as-of";
import { formatInt, formatMultiple, formatPercent, plural } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import { AdoptSegmentDialog } from "./adopt-dialog";
import { PredicateChips, RateContrast } from "./segment-figures";
import type { AffectedSegment, SegmentAnalysis } from "./types";

export function useSegmentAnalysis(slug: string, incidentId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.incidents.segments.queryOptions(
      { workspace: slug, incidentId },
      {
        refetchInterval: (q) => (q.state.data?.refreshing ? 1_000 : LIVE_REFRESH_MS),
      },
    ),
  );
}

export function SegmentsPanel({
  slug,
  incidentId,
  canEdit,
  affectedNow,
  audienceKey,
  className,
}: {
  slug: string;
  incidentId: string;
  canEdit: boolean;
  /** The incident's affected customers now, to say when the analysis is behind them. */
  affectedNow: number;
  /** ruleKey of the incident's current audience rule, if it has one. */
  audienceKey: string | null;
  className?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const analysis = useSegmentAnalysis(slug, incidentId);
  const [forcing, setForcing] = useState(false);
  const [adopting, setAdopting] = useState<AffectedSegment | null>(null);
  const a = analysis.data?.analysis ?? undefined;

  const recompute = async () => {
    setForcing(true);
    try {
      const fresh = await queryClient.fetchQuery(
        trpc.incidents.segments.queryOptions({ workspace: slug, incidentId, force: true }),
      );
      queryClient.setQueryData(
        trpc.incidents.segments.queryKey({ workspace: slug, incidentId }),
        fresh,
      );
    } finally {
      setForcing(false);
    }
  };

  return (
    <Card
      className={className}
      title="Affected segments"
      description={
        a ? (
          <BaselineLine analysis={a} affectedNow={affectedNow} />
        ) : (
          "Which customer segments this incident hits"
        )
      }
      actions={
        <Button
          variant="secondary"
          size="sm"
          onClick={recompute}
          disabled={forcing || analysis.isPending}
          title="Analyse the affected customers again now"
        >
          <RefreshCw
            className={`size-3.5 ${forcing || analysis.data?.refreshing ? "animate-spin" : ""}`}
          />
          Recompute
        </Button>
      }
    >
      <div data-testid="segments-panel">
        {analysis.isPending || analysis.data?.status === "computing" ? (
          <div className="space-y-3" aria-busy="true" aria-label="Analysing affected customers">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : analysis.isError ? (
          <ErrorState
            title="Could not analyse the affected customers"
            message={analysis.error.message}
            onRetry={() => analysis.refetch()}
          />
        ) : a!.explanation.failing === 0 ? (
          <EmptyState
            icon={<Users className="size-6" />}
            title="No affected customers yet"
            description="As soon as customers hit this incident's errors, this names the segments they fall into."
          />
        ) : a!.explanation.verdict === "no-clear-segment" ? (
          <Callout tone="warning">
            <span data-testid="segments-verdict">
              <strong>No clear segment.</strong> The{" "}
              {a!.explanation.failing === 1
                ? "affected customer is"
                : `${formatInt(a!.explanation.failing)} affected customers are`}{" "}
              spread across every attribute like everyone else (
              {formatPercent(a!.explanation.failing / Math.max(1, a!.explanation.total))} of all
              customers are affected). This looks like a problem for everybody, or the attribute
              that separates them is not in the directory yet.
            </span>
          </Callout>
        ) : (
          <ol className="divide-y divide-zinc-100">
            {a!.explanation.segments.map((s, i) => (
              <SegmentRow
                key={s.ruleKey ?? i}
                rank={i + 1}
                segment={s}
                isAudience={s.ruleKey !== null && audienceKey === s.ruleKey}
                canEdit={canEdit}
                onAdopt={() => setAdopting(s)}
              />
            ))}
          </ol>
        )}
        {a && a.explanation.verdict === "segments" && a.explanation.segments.length > 1 ? (
          <p className="mt-3 text-xs text-zinc-500">
            Together these segments hold {formatPercent(a.explanation.coverage)} of the affected
            customers.
          </p>
        ) : null}
      </div>
      <AdoptSegmentDialog
        slug={slug}
        incidentId={incidentId}
        segment={adopting}
        onClose={() => setAdopting(null)}
      />
    </Card>
  );
}

function BaselineLine({
  analysis: a,
  affectedNow,
}: {
  analysis: SegmentAnalysis;
  affectedNow: number;
}) {
  const base =
    a.baseline.kind === "active"
      ? `the ${plural(a.baseline.customers, "customer")} active since ${a.baseline.since.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })} (seen in events)`
      : `all ${plural(a.baseline.customers, "customer")} in the directory (activity is unknown: customers were seen only through errors)`;
  return (
    <span data-testid="segments-baseline" data-kind={a.baseline.kind}>
      {plural(a.explanation.failing, "affected customer")} compared with {base} ·{" "}
      <AsOf at={a.computedAt} testId="segments-as-of" />
      {a.explanation.failing !== affectedNow && (
        <span data-testid="segments-behind">
          {" "}
          · {formatInt(affectedNow)} affected now; the analysis catches up within a minute
        </span>
      )}
    </span>
  );
}

function confidenceTone(c: number) {
  return c >= 0.8 ? "red" : c >= 0.5 ? "amber" : "neutral";
}

function SegmentRow({
  rank,
  segment: s,
  isAudience,
  canEdit,
  onAdopt,
}: {
  rank: number;
  segment: AffectedSegment;
  isAudience: boolean;
  canEdit: boolean;
  onAdopt: () => void;
}) {
  return (
    <li
      className="grid gap-x-6 gap-y-3 py-4 first:pt-0 last:pb-0 xl:grid-cols-[1fr_auto]"
      data-testid="segment-row"
      data-rank={rank}
    >
      <div className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-semibold tabular-nums text-zinc-500">#{rank}</span>
          <PredicateChips predicates={s.predicates} />
          <Badge tone={confidenceTone(s.confidence)}>
            {s.confidence >= 0.8 ? "high" : s.confidence >= 0.5 ? "medium" : "low"} confidence
          </Badge>
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="segment-figures">
          <Figure
            value={formatPercent(s.support)}
            label="of the affected customers are in it"
            testId="segment-support"
          />
          <Figure
            value={formatPercent(s.failureRate)}
            label="of this segment is affected"
            testId="segment-rate"
          />
          {s.outsideRate === 0 ? (
            <Figure
              value="only here"
              label="nobody outside it is affected"
              testId="segment-risk"
              strong
            />
          ) : (
            <Figure
              value={formatMultiple(s.riskRatio)}
              label="the rate of everyone else"
              testId="segment-risk"
              strong
            />
          )}
        </dl>
        <p className="text-xs text-zinc-500">
          {formatInt(s.failing)} affected of {plural(s.total, "customer")} in the segment
        </p>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-4 xl:flex-col xl:items-end">
        <RateContrast inside={s.failureRate} outside={s.outsideRate} />
        {isAudience ? (
          <Badge tone="green">
            <Target className="size-3" /> Audience
          </Badge>
        ) : canEdit && s.ruleKey !== null ? (
          <Button size="sm" onClick={onAdopt} data-testid="adopt-segment">
            Use as audience
          </Button>
        ) : null}
      </div>
    </li>
  );
}

function Figure({
  value,
  label,
  testId,
  strong,
}: {
  value: string;
  label: string;
  testId: string;
  strong?: boolean;
}) {
  return (
    <div className="flex min-w-0 flex-col-reverse break-words">
      <dt className="text-xs leading-snug text-zinc-500">{label}</dt>
      <dd
        className={`text-xl font-semibold tabular-nums ${strong ? "text-red-700" : "text-zinc-900"}`}
        data-testid={testId}
      >
        {value}
      </dd>
    </div>
  );
}
