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

/**
 * A share or a rate for people: "83.3%", "0%", "100%". A ratio that would round to 0% or
 * 100% without being either reads "< 0.1%" or "> 99.9%", so a small rate is never shown as
 * none at all (next to "299×", "0%" reads as a contradiction).
 */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return "—";
  if (ratio > 0 && ratio < 0.0005) return "< 0.1%";
  if (ratio < 1 && ratio >= 0.9995) return "> 99.9%";
  return pctFormat.format(ratio);
}

/** Above this a multiple reads "> 1,000×": past it the exact figure says nothing more. */
const MULTIPLE_CAP = 1000;

/**
 * How many times one rate is another: "1.8×", "4.2×", "37×", "> 1,000×". One decimal below
 * 10 (where it matters), whole numbers from 10 on, and a plain cap for huge or unbounded ones.
 */
export function formatMultiple(r: number): string {
  if (Number.isNaN(r)) return "—";
  if (r >= MULTIPLE_CAP) return `> ${formatInt(MULTIPLE_CAP)}×`;
  if (r >= 9.95) return `${formatInt(Math.round(r))}×`;
  return `${r.toFixed(1)}×`;
}

/**
 * A customer attribute's value as it was written: `2019` stays "2019" and `42` stays "42"
 * (years, ids and versions are not quantities, so no thousands separators).
 */
export function formatAttributeValue(v: string | number | boolean): string {
  return String(v);
}

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

/**
 * When a set of figures was read, to the second: "14:05:12" today, "3 Dec, 14:05" before.
 * Figures that sit side by side say it, so two cards read a few seconds apart do not both
 * claim "just now" while they differ.
 */
export function formatClock(date: Date | string, now = new Date()): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const sameDay = d.toDateString() === now.toDateString();
  return format(d, sameDay ? "HH:mm:ss" : "d MMM, HH:mm");
}
