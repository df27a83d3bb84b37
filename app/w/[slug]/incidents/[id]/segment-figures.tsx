"use client";
/**
 * How one affected segment reads: its predicates as chips, and the contrast that proves it —
 * the failure rate inside the segment next to the rate of everyone else.
 */
import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from "recharts";
import { cx } from "@/app/_components/ui";
import { formatPercent } from "@/app/_lib/format";
import type { SegmentPredicate } from "./types";

/** `region = eu-west-1`, `app_version 5.2.0 – 5.4.0`, `plan is missing`. */
export function predicateLabel(p: SegmentPredicate): string {
  if (p.match?.kind === "missing") return `${p.attribute} is missing`;
  if (p.match?.kind === "range") return `${p.attribute} in ${p.value}`;
  return `${p.attribute} = ${p.value}`;
}

export function PredicateChips({
  predicates,
  className,
}: {
  predicates: SegmentPredicate[];
  className?: string;
}) {
  return (
    <span className={cx("flex flex-wrap items-center gap-1", className)}>
      {predicates.map((p, i) => (
        <span key={`${p.attribute}:${p.value}`} className="flex items-center gap-1">
          {i > 0 && <span className="text-[11px] font-medium text-zinc-600">and</span>}
          <span
            className="rounded bg-zinc-900 px-1.5 py-0.5 font-mono text-xs text-white"
            data-testid="segment-predicate"
          >
            {predicateLabel(p)}
          </span>
        </span>
      ))}
    </span>
  );
}

/** Two horizontal bars on one scale: inside the segment (red) and everyone else (grey). */
export function RateContrast({ inside, outside }: { inside: number; outside: number }) {
  const data = [
    { name: "In segment", rate: inside, fill: "#dc2626" },
    { name: "Everyone else", rate: outside, fill: "#a1a1aa" },
  ];
  return (
    <div
      role="img"
      aria-label={`Failure rate ${formatPercent(inside)} in the segment vs ${formatPercent(outside)} elsewhere`}
    >
      <BarChart
        width={260}
        height={64}
        data={data}
        layout="vertical"
        margin={{ top: 0, right: 48, bottom: 0, left: 0 }}
        barCategoryGap={6}
      >
        <XAxis type="number" domain={[0, Math.max(inside, outside, 0.0001)]} hide />
        <YAxis
          type="category"
          dataKey="name"
          width={92}
          tickLine={false}
          axisLine={false}
          tick={{ fontSize: 11, fill: "#52525b" }}
        />
        <Bar dataKey="rate" radius={[0, 3, 3, 0]} isAnimationActive={false} minPointSize={2}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.fill} />
          ))}
          <LabelList
            dataKey="rate"
            position="right"
            formatter={(v: unknown) => formatPercent(Number(v))}
            style={{ fontSize: 11, fill: "#18181b", fontWeight: 600 }}
          />
        </Bar>
      </BarChart>
    </div>
  );
}
