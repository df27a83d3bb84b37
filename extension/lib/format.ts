/** Numbers and times for people, as the dashboard writes them: 1,204 customers; 3 min ago. */

const intFormat = new Intl.NumberFormat("en-US");

export const formatInt = (n: number) => intFormat.format(n);

export function plural(n: number, one: string, many = `${one}s`) {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "—";
  const seconds = Math.max(0, (now - then) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${plural(days, "day")} ago`;
}

/** "14:05" today, "Mar 3, 14:05" another day: when an incident started, to the minute. */
export function formatWhen(iso: string, now: number = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const time = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  const today = new Date(now).toDateString() === d.toDateString();
  if (today) return time;
  return `${d.toLocaleDateString("en-US", { month: "short", day: "numeric" })}, ${time}`;
}

export const statusLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
