"use client";
/**
 * "Auto-refresh" with a pulsing dot while polling succeeds (it says the page is fresh, not that
 * the incident is still going on); a warning when the last refresh failed.
 */
import { cx } from "@/app/_components/ui";

export function LiveIndicator({ updatedAt, failing }: { updatedAt: number; failing?: boolean }) {
  const at = updatedAt ? new Date(updatedAt).toLocaleTimeString() : null;
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1.5 text-xs",
        failing ? "text-amber-700" : "text-zinc-500",
      )}
      title={at ? `This page refreshes by itself; last updated ${at}` : undefined}
    >
      <span className="relative flex size-2">
        {!failing && (
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        )}
        <span
          className={cx(
            "relative inline-flex size-2 rounded-full",
            failing ? "bg-amber-500" : "bg-emerald-500",
          )}
        />
      </span>
      {failing ? "Reconnecting…" : "Auto-refresh"}
    </span>
  );
}
