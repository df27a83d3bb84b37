/** Numbers and times formatted for people: 1,204 customers; 3 min ago; 2 h 5 min. */
import { formatDistanceStrict, formatDistanceToNowStrict, format } from "date-fns";

const intFormat = new Intl.NumberFormat("en-US");
const compactFormat = new Intl.NumberFormat("en-US", {
  notation: "compact",
  maximumFractionDigits: 1,
});
const pctFormat = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

export const formatInt = (n: number) => intFormat.format(n);
export const formatCompact = (n: number) => compactFormat.format(n);
export const formatPercent = (ratio: number) => pctFormat.format(ratio);

export function plural(n: number, one: string, many = `${one}s`) {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

export function formatAgo(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const d = typeof date === "string" ? new Date(date) : date;
  if (Date.now() - d.getTime() < 45_000) return "just now";
  return `${formatDistanceToNowStrict(d)} ago`;
}

export function formatDuration(from: Date | string, to: Date | string | null | undefined): string {
  const start = typeof from === "string" ? new Date(from) : from;
  const end = to ? (typeof to === "string" ? new Date(to) : to) : new Date();
  const minutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return formatDistanceStrict(start, end);
}

export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return "—";
  return format(typeof date === "string" ? new Date(date) : date, "d MMM yyyy, HH:mm");
}
