/**
 * An incident at a glance, the same in the incidents list and on the incident's header: is it
 * still happening (when the last error was seen; quiet for a while), and who is hurt (the
 * leading segment in words, the audience, how many of them were told).
 */
import { cx } from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatDuration, formatInt } from "@/app/_lib/format";
import type { IncidentGlance } from "@/server/incidents/glance";
import type { IncidentStatus } from "@/server/incidents/queries";

/**
 * An incident still investigating or identified with no new error for this long has
 * probably stopped: the page says so and suggests moving it to monitoring.
 */
export const QUIET_AFTER_MINUTES = 10;

interface Timing {
  status: IncidentStatus;
  lastEventAt: Date | null;
}

/** The whole minutes since the last error of an open incident that has gone quiet, else null. */
export function quietMinutes(i: Timing, now = Date.now()): number | null {
  if ((i.status !== "investigating" && i.status !== "identified") || !i.lastEventAt) return null;
  const minutes = Math.floor((now - new Date(i.lastEventAt).getTime()) / 60_000);
  return minutes >= QUIET_AFTER_MINUTES ? minutes : null;
}

/** "Last error 3 min ago": red while an open incident still errs, neutral once quiet or closed. */
export function LastError({
  incident,
  size = "sm",
  testId,
}: {
  incident: Timing;
  size?: "sm" | "md";
  testId?: string;
}) {
  const { lastEventAt, status } = incident;
  const erring =
    lastEventAt !== null &&
    (status === "investigating" || status === "identified") &&
    quietMinutes(incident) === null;
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1.5 whitespace-nowrap",
        size === "md" ? "text-sm font-semibold" : "text-xs font-medium",
        erring ? "text-red-700" : "text-zinc-600",
      )}
      title={lastEventAt ? `Last error at ${formatDateTime(lastEventAt)}` : undefined}
      data-testid={testId}
    >
      <span
        className={cx(
          "size-2 shrink-0 rounded-full",
          erring ? "animate-pulse bg-red-500" : "bg-zinc-300",
        )}
        aria-hidden
      />
      {lastEventAt ? `Last error ${formatAgo(lastEventAt)}` : "No errors recorded"}
    </span>
  );
}

/** "No new errors for 12 min", for an open incident that has gone quiet; nothing otherwise. */
export function QuietFor({ incident }: { incident: Timing }) {
  if (quietMinutes(incident) === null) return null;
  return (
    <span
      className="inline-flex items-center whitespace-nowrap rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-200"
      title="Still open, but nothing new: if the fix is in, move it to Monitoring"
      data-testid="incident-quiet"
    >
      No new errors for {formatDuration(incident.lastEventAt!, null)}
    </span>
  );
}

/**
 * Who is hurt: the leading segment in words, then the audience and how many were told. Wraps
 * at word boundaries, so a long segment stays readable on a phone.
 */
export function WhoIsHurt({
  glance,
  affectedCustomers,
  resolved,
  size = "sm",
}: {
  glance: IncidentGlance;
  affectedCustomers: number;
  resolved: boolean;
  size?: "sm" | "md";
}) {
  const seg = glance.leadingSegment;
  const told = glance.customersTold;
  return (
    <p
      className={cx("break-words", size === "md" ? "text-base" : "text-xs")}
      data-testid="incident-glance"
    >
      <span className={cx(size === "md" ? "text-zinc-800" : "text-zinc-700")}>
        {seg ? (
          <>
            {resolved ? "Hit " : "Hitting "}
            <span
              className="font-semibold text-zinc-900"
              data-testid="incident-leading-segment"
              title={
                seg.source === "audience"
                  ? `The audience segment "${seg.name}"`
                  : "The segment that best explains the affected customers (segment analysis)"
              }
            >
              {seg.words}
            </span>
          </>
        ) : glance.segmentState === "pending" ? (
          <span className="text-zinc-500">Finding the affected segment…</span>
        ) : glance.segmentState === "unknown" ? null : affectedCustomers > 0 ? (
          <span className="text-zinc-500">No single segment stands out</span>
        ) : (
          <span className="text-zinc-500">No affected customers yet</span>
        )}
      </span>
      <span className="text-zinc-500">
        {glance.segmentState !== "unknown" && " · "}
        <span className="whitespace-nowrap" data-testid="incident-audience-size">
          {formatInt(glance.audienceCustomers)} in audience
        </span>
        {" · "}
        <span
          className={cx(
            "whitespace-nowrap",
            told === 0 && !resolved && glance.audienceCustomers > 0 && "text-amber-700",
          )}
          data-testid="incident-customers-told"
        >
          {told === 0 ? "none told yet" : `${formatInt(told)} told`}
        </span>
      </span>
    </p>
  );
}
