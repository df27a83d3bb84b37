/** "as of 14:05:12": the moment a card's figures were read, with the full date on hover. */
import { formatAgo, formatClock, formatDateTime } from "@/app/_lib/format";

export function AsOf({ at, testId }: { at: Date | string; testId?: string }) {
  const d = typeof at === "string" ? new Date(at) : at;
  return (
    <time
      dateTime={d.toISOString()}
      title={`${formatDateTime(d)} (${formatAgo(d)})`}
      data-testid={testId}
      className="whitespace-nowrap"
    >
      as of {formatClock(d)}
    </time>
  );
}
