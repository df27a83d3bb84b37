"use client";
/**
 * The first visual hint of which segment is hit: for every customer attribute, each value's
 * share of the affected customers next to its share of all customers. Values far above their
 * baseline are highlighted; clicking one filters the affected customers table to it.
 */
import { useQuery } from "@tanstack/react-query";
import { PieChart } from "lucide-react";
import { useState } from "react";
import { AsOf } from "@/app/_components/as-of";
import { Card, EmptyState, ErrorState, Skeleton, cx } from "@/app/_components/ui";
import {
  formatAttributeValue,
  formatInt,
  formatMultiple,
  formatPercent,
  plural,
} from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import type { AttributeFilter } from "@/server/incidents/customer-queries";
import type { Breakdown } from "./types";

type Attribute = Breakdown["attributes"][number];
type Value = Attribute["values"][number];

/** Values shown per attribute until "N more values" is opened (the server sends up to 10). */
const TOP = 5;
/**
 * Far more common among the affected than among everyone, and by more than chance would
 * give (a binomial z-score of 3 against drawing the affected at random): worth a
 * commander's eye. Small values with three affected customers do not light up.
 */
export function isHot(v: Value, totalAffected: number) {
  const expected = totalAffected * v.allShare;
  const z = expected > 0 ? (v.affected - expected) / Math.sqrt(expected * (1 - v.allShare)) : 0;
  return v.lift >= 1.5 && v.overRepresentation >= 0.05 && z >= 3;
}

/** An attribute value as it was written (a year 2019 is "2019", not "2,019"). */
export const formatValue = (v: Value["value"]) => formatAttributeValue(v);

/**
 * The breakdown query, shared with the customers table (same key, one request). While the
 * first computation runs the server answers "computing", and the page asks every second.
 */
export function useBreakdown(slug: string, incidentId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.incidents.breakdown.queryOptions(
      { workspace: slug, incidentId },
      {
        refetchInterval: (q) => (q.state.data?.status === "computing" ? 1_000 : LIVE_REFRESH_MS),
      },
    ),
  );
}

export function BreakdownPanel({
  slug,
  incidentId,
  filters,
  onFilter,
  className,
}: {
  slug: string;
  incidentId: string;
  filters: AttributeFilter[];
  onFilter: (f: AttributeFilter) => void;
  className?: string;
}) {
  const [showAll, setShowAll] = useState(false);
  const breakdown = useBreakdown(slug, incidentId);
  const b = breakdown.data?.breakdown ?? undefined;
  const strong = b?.attributes.filter((a) => a.values.some((v) => isHot(v, b.totalAffected))) ?? [];
  const weak = b?.attributes.filter((a) => !strong.includes(a)) ?? [];
  const shown = showAll ? [...strong, ...weak] : strong.length ? strong : weak.slice(0, 4);
  const hidden = (b?.attributes.length ?? 0) - shown.length;

  return (
    <Card
      className={className}
      title="Who is affected"
      description={
        b ? (
          <>
            Share of the {plural(b.totalAffected, "affected customer")} vs. all{" "}
            {plural(b.totalCustomers, "customer")}, per attribute ·{" "}
            <AsOf at={b.computedAt} testId="breakdown-as-of" />
          </>
        ) : (
          "Share of affected customers vs. all customers, per attribute"
        )
      }
      actions={<Legend />}
    >
      <div data-testid="breakdown-panel">
        {breakdown.isPending || breakdown.data?.status === "computing" ? (
          <div className="grid gap-6 xl:grid-cols-2">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="space-y-2">
                <Skeleton className="h-4 w-24" />
                <Skeleton className="h-16 w-full" />
              </div>
            ))}
          </div>
        ) : breakdown.isError ? (
          <ErrorState
            title="Could not compute the breakdown"
            message={breakdown.error.message}
            onRetry={() => breakdown.refetch()}
          />
        ) : b!.totalAffected === 0 ? (
          <EmptyState
            icon={<PieChart className="size-6" />}
            title="No affected customers yet"
            description="As soon as customers hit this incident's errors, this shows which of their attributes they share."
          />
        ) : b!.attributes.length === 0 ? (
          <EmptyState
            icon={<PieChart className="size-6" />}
            title="Your customers have no attributes"
            description="Send attributes such as plan, region or app_version with events or through PUT /api/v1/customers to see which segment is hit."
          />
        ) : (
          <>
            <div className="grid gap-x-8 gap-y-6 xl:grid-cols-2">
              {shown.map((a) => (
                <AttributeBlock
                  key={a.key}
                  attribute={a}
                  totalAffected={b!.totalAffected}
                  totalCustomers={b!.totalCustomers}
                  filters={filters}
                  onFilter={onFilter}
                />
              ))}
            </div>
            {hidden > 0 || showAll ? (
              <button
                className="mt-4 text-xs font-medium text-zinc-600 hover:text-zinc-900 hover:underline"
                onClick={() => setShowAll((s) => !s)}
              >
                {showAll
                  ? "Show only attributes with a signal"
                  : `Show ${hidden} more ${hidden === 1 ? "attribute" : "attributes"} where affected customers look like everyone else`}
              </button>
            ) : null}
          </>
        )}
      </div>
    </Card>
  );
}

function Legend() {
  return (
    <div className="flex items-center gap-3 text-xs text-zinc-500">
      <span className="flex items-center gap-1">
        <span className="size-2.5 rounded-sm bg-brand-500" /> affected
      </span>
      <span className="flex items-center gap-1">
        <span className="size-2.5 rounded-sm bg-zinc-300" /> all customers
      </span>
    </div>
  );
}

function AttributeBlock({
  attribute: a,
  totalAffected,
  totalCustomers,
  filters,
  onFilter,
}: {
  attribute: Attribute;
  totalAffected: number;
  totalCustomers: number;
  filters: AttributeFilter[];
  onFilter: (f: AttributeFilter) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const values = expanded ? a.values : a.values.slice(0, TOP);
  const hot = a.values.find((v) => isHot(v, totalAffected));
  const more = a.distinctValues - values.length;
  // Values past the ones the server sent are only known as a sum: one "other values" row.
  const unlisted = a.distinctValues - a.values.length;
  return (
    <section data-testid="breakdown-attribute" data-attribute={a.key}>
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-x-2">
        <h3 className="font-mono text-xs font-semibold text-zinc-800">{a.key}</h3>
        {hot ? (
          <span className="text-xs text-red-700">
            <span className="font-semibold">{formatValue(hot.value)}</span> is{" "}
            {formatMultiple(hot.lift)} its share of customers
          </span>
        ) : (
          <span className="text-xs text-zinc-500">no value stands out</span>
        )}
      </header>
      <ul className="space-y-1">
        {values.map((v) => {
          const active = filters.some((f) => f.key === a.key && f.value === v.value);
          const vHot = isHot(v, totalAffected);
          return (
            <li key={String(v.value)}>
              <button
                onClick={() => onFilter({ key: a.key, value: v.value })}
                data-testid="breakdown-value"
                data-hot={vHot || undefined}
                title={[
                  `${plural(v.affected, "affected customer")} ${v.affected === 1 ? "has" : "have"} ${a.key} = ${formatValue(v.value)} (${formatPercent(v.affectedShare)} of affected)`,
                  `${formatInt(v.all)} of all customers ${v.all === 1 ? "does" : "do"} (${formatPercent(v.allShare)})`,
                  `${formatPercent(v.affectedRate)} of them are affected`,
                  "Click to list them below",
                ].join("\n")}
                className={cx(
                  "grid w-full grid-cols-[7rem_1fr_6.5rem] items-center gap-3 rounded px-1.5 py-1 text-left hover:bg-zinc-50",
                  vHot && "bg-red-50/70 hover:bg-red-50",
                  active && "ring-1 ring-zinc-900",
                )}
              >
                <span
                  className={cx(
                    "truncate text-xs",
                    vHot ? "font-semibold text-red-800" : "text-zinc-700",
                  )}
                >
                  {formatValue(v.value)}
                </span>
                <span className="space-y-0.5">
                  <Bar share={v.affectedShare} className="bg-brand-500" />
                  <Bar share={v.allShare} className="bg-zinc-300" />
                </span>
                <span className="text-right text-xs tabular-nums">
                  <span className={cx("font-semibold", vHot ? "text-red-700" : "text-zinc-800")}>
                    {formatPercent(v.affectedShare)}
                  </span>
                  <span className="text-zinc-500"> vs {formatPercent(v.allShare)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {expanded && unlisted > 0 && (
        <OtherValues
          count={unlisted}
          affectedShare={totalAffected ? a.other.affected / totalAffected : 0}
          allShare={totalCustomers ? a.other.all / totalCustomers : 0}
        />
      )}
      <div className="mt-1.5 flex flex-wrap items-baseline gap-x-3 gap-y-1 px-1.5 text-[11px] text-zinc-500">
        {more > 0 || expanded ? (
          <button
            type="button"
            className="font-medium text-zinc-600 underline decoration-zinc-300 underline-offset-2 hover:text-zinc-900 hover:decoration-zinc-500"
            aria-expanded={expanded}
            onClick={() => setExpanded((e) => !e)}
            data-testid="breakdown-more-values"
          >
            {expanded ? "Show fewer values" : `${plural(more, "more value")}`}
          </button>
        ) : null}
        {hot && (
          <span>
            {formatPercent(hot.affectedRate)} of all customers with {a.key} ={" "}
            {formatValue(hot.value)} are affected
          </span>
        )}
      </div>
    </section>
  );
}

/** The values the server summed rather than listed, as one row that cannot be filtered on. */
function OtherValues({
  count,
  affectedShare,
  allShare,
}: {
  count: number;
  affectedShare: number;
  allShare: number;
}) {
  return (
    <div
      className="grid grid-cols-[7rem_1fr_6.5rem] items-center gap-3 px-1.5 py-1"
      data-testid="breakdown-other-values"
    >
      <span className="truncate text-xs italic text-zinc-500">{plural(count, "other value")}</span>
      <span className="space-y-0.5">
        <Bar share={affectedShare} className="bg-brand-500" />
        <Bar share={allShare} className="bg-zinc-300" />
      </span>
      <span className="text-right text-xs tabular-nums">
        <span className="font-semibold text-zinc-800">{formatPercent(affectedShare)}</span>
        <span className="text-zinc-500"> vs {formatPercent(allShare)}</span>
      </span>
    </div>
  );
}

function Bar({ share, className }: { share: number; className: string }) {
  return (
    <span className="block h-1.5 w-full overflow-hidden rounded-full bg-zinc-100">
      <span
        className={cx("block h-full rounded-full", className)}
        style={{ width: `${Math.max(share > 0 ? 1 : 0, Math.min(100, share * 100))}%` }}
      />
    </span>
  );
}
