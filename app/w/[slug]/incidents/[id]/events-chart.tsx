"use client";
/** Events per minute, in local time, with the status changes marked on the timeline. */
import { format } from "date-fns";
import { useMemo } from "react";
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import { Card, cx } from "@/app/_components/ui";
import { formatCompact, formatInt, plural } from "@/app/_lib/format";
import { timeTicks } from "@/app/_lib/time-ticks";
import { statusLabel } from "../badges";
import type { ActivityEntry, IncidentDetail } from "./types";

/** Minutes shown, or "start" for the whole incident (at most a day). */
export type ChartRange = 60 | 360 | 1440 | "start";
const RANGES: { id: ChartRange; label: string }[] = [
  { id: 60, label: "1 h" },
  { id: 360, label: "6 h" },
  { id: 1440, label: "24 h" },
  { id: "start", label: "Since start" },
];

const STATUS_COLOR: Record<string, string> = {
  investigating: "#dc2626",
  identified: "#d97706",
  monitoring: "#2563eb",
  resolved: "#059669",
};

export function EventsChart({
  series,
  activity,
  range,
  onRange,
  className,
}: {
  series: IncidentDetail["series"];
  activity: ActivityEntry[];
  range: ChartRange;
  onRange: (r: ChartRange) => void;
  className?: string;
}) {
  const data = useMemo(
    () => series.map((p) => ({ t: p.minute.getTime(), events: p.events })),
    [series],
  );
  const first = data[0]?.t ?? 0;
  const last = data.at(-1)?.t ?? 0;
  const multiDay = new Date(first).toDateString() !== new Date(last).toDateString();
  // Round moments only: left alone, the axis measures a label for every one of up to 1,440 points.
  const ticks = useMemo(() => timeTicks(first, last), [first, last]);
  const peak = data.reduce((m, p) => Math.max(m, p.events), 0);
  const total = data.reduce((s, p) => s + p.events, 0);
  const marks = activity.filter(
    (a) => a.kind === "status" && a.at.getTime() >= first && a.at.getTime() <= last + 60_000,
  );

  return (
    <Card
      className={className}
      title="Events per minute"
      description={
        total > 0
          ? `${plural(total, "event")} in view · peak ${formatInt(peak)}/min`
          : "No events in this window"
      }
      actions={
        <div
          className="flex rounded-md border border-zinc-200 p-0.5"
          role="group"
          aria-label="Time range"
        >
          {RANGES.map((r) => (
            <button
              key={r.id}
              onClick={() => onRange(r.id)}
              aria-pressed={range === r.id}
              className={cx(
                "rounded px-2 py-0.5 text-xs font-medium",
                range === r.id ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
              )}
            >
              {r.label}
            </button>
          ))}
        </div>
      }
    >
      <div data-testid="events-chart">
        <AreaChart
          responsive
          data={data}
          style={{ width: "100%", height: 240 }}
          margin={{ top: 16, right: 12, bottom: 0, left: -8 }}
        >
          <defs>
            <linearGradient id="eventsFill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#f0562a" stopOpacity={0.35} />
              <stop offset="100%" stopColor="#f0562a" stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke="#f4f4f5" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            ticks={ticks}
            tickFormatter={(t: number) => format(t, multiDay ? "d MMM HH:mm" : "HH:mm")}
            tick={{ fontSize: 11, fill: "#71717a" }}
            tickLine={false}
            axisLine={{ stroke: "#e4e4e7" }}
            minTickGap={48}
          />
          <YAxis
            allowDecimals={false}
            tickFormatter={(v: number) => formatCompact(v)}
            tick={{ fontSize: 11, fill: "#71717a" }}
            tickLine={false}
            axisLine={false}
            width={48}
          />
          <Tooltip content={ChartTooltip} cursor={{ stroke: "#a1a1aa", strokeDasharray: "3 3" }} />
          {marks.map((m) => (
            <ReferenceLine
              key={m.id}
              x={Math.floor(m.at.getTime() / 60_000) * 60_000}
              stroke={STATUS_COLOR[m.toValue ?? ""] ?? "#71717a"}
              strokeDasharray="4 3"
              label={{
                value: statusLabel((m.toValue ?? "") as never),
                // Keep the label inside the plot: right of the line in the left half, left of it after.
                position:
                  m.at.getTime() - first < (last - first) / 2 ? "insideTopLeft" : "insideTopRight",
                fontSize: 10,
                fill: STATUS_COLOR[m.toValue ?? ""] ?? "#71717a",
              }}
            />
          ))}
          <Area
            type="monotone"
            dataKey="events"
            stroke="#e13d16"
            strokeWidth={1.5}
            fill="url(#eventsFill)"
            isAnimationActive={false}
          />
        </AreaChart>
      </div>
    </Card>
  );
}

function ChartTooltip({ active, payload }: TooltipContentProps) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload as { t: number; events: number };
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-md">
      <div className="text-zinc-500">{format(p.t, "EEE d MMM, HH:mm")}</div>
      <div className="font-semibold text-zinc-900">
        {formatInt(p.events)} {p.events === 1 ? "event" : "events"}
      </div>
    </div>
  );
}
