"use client";
/**
 * INC-n, the title (editable in place), severity, who is hurt (the leading segment, the
 * audience, how many were told), whether errors still arrive, the status stepper, the clock.
 * A step of the stepper opens the status change: a note for the timeline, and an update to
 * customers if the commander wants one. Steps the incident never went through show as skipped.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, Minus, Pencil } from "lucide-react";
import { useState } from "react";
import { Button, Callout, Input, Select, cx } from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatDuration } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { IncidentSeverity, IncidentStatus } from "@/server/incidents/queries";
import {
  SEVERITY_LABEL,
  STATUS_STEPS,
  SeverityBadge,
  StatusBadge,
  incidentRef,
  statusLabel,
} from "../badges";
import type { IncidentDetail } from "./types";
import { LastError, WhoIsHurt, quietMinutes } from "../glance";
import { ComposerDialog } from "./composer-dialog";
import { useRefreshIncidents } from "./use-incident-mutation";

export function IncidentHeader({
  slug,
  incident,
  canEdit,
}: {
  slug: string;
  incident: IncidentDetail;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIncidents();
  const update = useMutation(trpc.incidents.update.mutationOptions({ onSuccess: refresh }));
  const change = (c: { title?: string; severity?: IncidentSeverity }) =>
    update.mutateAsync({ workspace: slug, incidentId: incident.id, ...c });
  const [changingTo, setChangingTo] = useState<IncidentStatus | null>(null);
  // The same query as the Updates card (shared by key): whether anyone was told, and what.
  const updates = useQuery({
    ...trpc.updates.list.queryOptions({ workspace: slug, incidentId: incident.id }),
    enabled: canEdit,
  });
  const lastSent = updates.data?.updates.findLast((u) => u.state === "sent");

  return (
    <header className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1">
          <div className="mb-1 flex flex-wrap items-center gap-2">
            <span
              className="rounded bg-zinc-900 px-1.5 py-0.5 font-mono text-xs font-semibold text-white"
              data-testid="incident-ref"
            >
              {incidentRef(incident.number)}
            </span>
            <StatusBadge status={incident.status} />
            {canEdit ? (
              <Select
                aria-label="Severity"
                className="h-7 py-0 text-xs font-semibold"
                value={incident.severity}
                disabled={update.isPending}
                onChange={(e) => change({ severity: e.target.value as IncidentSeverity })}
              >
                {(Object.keys(SEVERITY_LABEL) as IncidentSeverity[]).map((s) => (
                  <option key={s} value={s} title={SEVERITY_LABEL[s]}>
                    {s}
                  </option>
                ))}
              </Select>
            ) : (
              <SeverityBadge severity={incident.severity} />
            )}
          </div>
          <Title
            title={incident.title}
            canEdit={canEdit}
            saving={update.isPending}
            onSave={(title) => change({ title })}
          />
          <div className="mt-1.5">
            <WhoIsHurt
              glance={incident.glance}
              affectedCustomers={incident.affectedCustomers}
              resolved={incident.status === "resolved"}
              size="md"
            />
          </div>
          <div className="mt-2 flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:items-baseline sm:gap-x-3">
            <LastError incident={incident} size="md" testId="incident-last-error" />
            <p className="text-sm text-zinc-500">
              Started{" "}
              <span title={formatDateTime(incident.startedAt)}>
                {formatAgo(incident.startedAt)}
              </span>{" "}
              ({formatDateTime(incident.startedAt)}) · {incident.resolvedAt ? "lasted" : "open for"}{" "}
              <span className="whitespace-nowrap font-medium text-zinc-700">
                {formatDuration(incident.startedAt, incident.resolvedAt)}
              </span>{" "}
              ·{" "}
              {incident.openedByName
                ? `declared by ${incident.openedByName}`
                : "opened automatically when an error crossed a threshold"}
            </p>
          </div>
        </div>
      </div>
      <QuietHint
        incident={incident}
        onMonitor={canEdit && updates.data ? () => setChangingTo("monitoring") : null}
      />
      <StatusStepper
        status={incident.status}
        path={incident.statusPath}
        canEdit={canEdit && !!updates.data}
        busy={update.isPending}
        onChange={setChangingTo}
      />
      {update.error && <Callout tone="error">{update.error.message}</Callout>}
      {changingTo && updates.data && (
        <ComposerDialog
          slug={slug}
          incident={incident}
          hasSent={updates.data.hasSent}
          approvalThreshold={updates.data.approvalThreshold}
          draft={null}
          statusChange={changingTo}
          lastTitle={lastSent?.title}
          onClose={() => setChangingTo(null)}
        />
      )}
    </header>
  );
}

function Title({
  title,
  canEdit,
  saving,
  onSave,
}: {
  title: string;
  canEdit: boolean;
  saving: boolean;
  onSave: (title: string) => Promise<unknown>;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null) {
    return (
      <h1 className="group flex items-center gap-2 text-xl font-semibold tracking-tight text-zinc-900 sm:text-2xl">
        <span className="min-w-0 break-words" data-testid="incident-title">
          {title}
        </span>
        {canEdit && (
          <button
            onClick={() => setDraft(title)}
            className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800"
            aria-label="Edit title"
            title="Edit title"
          >
            <Pencil className="size-4" />
          </button>
        )}
      </h1>
    );
  }
  const save = async () => {
    const next = draft.trim();
    if (next && next !== title) await onSave(next);
    setDraft(null);
  };
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Input
        autoFocus
        aria-label="Incident title"
        maxLength={200}
        className="h-10 text-lg font-semibold"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && setDraft(null)}
      />
      <Button type="submit" loading={saving} disabled={!draft.trim()}>
        Save
      </Button>
      <Button type="button" variant="ghost" onClick={() => setDraft(null)}>
        Cancel
      </Button>
    </form>
  );
}

/**
 * An open incident with no new error for QUIET_AFTER_MINUTES: say so, and offer the move to
 * monitoring (the team's call: it opens the status change, with its note).
 */
function QuietHint({
  incident,
  onMonitor,
}: {
  incident: IncidentDetail;
  onMonitor: (() => void) | null;
}) {
  if (quietMinutes(incident) === null || !incident.lastEventAt) return null;
  const monitoring = incident.status === "monitoring";
  return (
    <Callout tone={monitoring ? "info" : "warning"}>
      <span data-testid="incident-quiet-hint">
        <strong>No new errors for {formatDuration(incident.lastEventAt, null)}.</strong>{" "}
        {monitoring ? (
          "If it stays quiet, resolve it and tell everyone who was told."
        ) : onMonitor ? (
          <>
            If the fix is in,{" "}
            <button type="button" onClick={onMonitor} className="font-medium underline">
              move it to Monitoring
            </button>
            .
          </>
        ) : (
          "If the fix is in, a commander can move it to Monitoring."
        )}
      </span>
    </Callout>
  );
}

const STEP_HINT: Record<IncidentStatus, string> = {
  investigating: "Looking for the cause",
  identified: "Cause known, fix under way",
  monitoring: "Fix shipped, watching",
  resolved: "Customers are fine again",
};

function StatusStepper({
  status,
  path,
  canEdit,
  busy,
  onChange,
}: {
  status: IncidentStatus;
  /** Every status the incident has been in; an earlier step not in it was skipped. */
  path: IncidentStatus[];
  canEdit: boolean;
  busy: boolean;
  onChange: (s: IncidentStatus) => void;
}) {
  const current = STATUS_STEPS.indexOf(status);
  return (
    <ol
      className="grid grid-cols-2 gap-1.5 sm:grid-cols-4"
      aria-label="Status"
      data-testid="status-stepper"
    >
      {STATUS_STEPS.map((step, i) => {
        const state =
          i === current
            ? "active"
            : i > current
              ? "upcoming"
              : path.includes(step)
                ? "done"
                : "skipped";
        const tone = {
          active: {
            investigating: "border-red-300 bg-red-50 text-red-800",
            identified: "border-amber-300 bg-amber-50 text-amber-900",
            monitoring: "border-blue-300 bg-blue-50 text-blue-800",
            resolved: "border-emerald-300 bg-emerald-50 text-emerald-800",
          }[step],
          done: "border-zinc-200 bg-white text-zinc-700",
          skipped: "border-dashed border-zinc-300 bg-zinc-50 text-zinc-600",
          upcoming: "border-dashed border-zinc-300 bg-white text-zinc-600",
        }[state];
        const body = (
          <>
            <span className="flex items-center gap-1.5 text-sm font-medium">
              <span
                className={cx(
                  "grid size-4 place-items-center rounded-full text-[10px] font-semibold",
                  state === "done"
                    ? "bg-zinc-800 text-white"
                    : state === "active"
                      ? "bg-current"
                      : "border border-current",
                )}
              >
                {state === "done" ? (
                  <Check className="size-3" />
                ) : state === "skipped" ? (
                  <Minus className="size-3" />
                ) : state === "active" ? null : (
                  i + 1
                )}
              </span>
              <span className={state === "skipped" ? "line-through decoration-zinc-400" : ""}>
                {statusLabel(step)}
              </span>
            </span>
            <span className="mt-0.5 block text-xs">
              {state === "skipped" ? "Skipped" : STEP_HINT[step]}
            </span>
          </>
        );
        return (
          <li key={step} data-state={state}>
            {canEdit && state !== "active" ? (
              <button
                type="button"
                disabled={busy}
                onClick={() => onChange(step)}
                title={`Move to ${statusLabel(step)}…`}
                className={cx(
                  "block w-full rounded-md border px-3 py-2 text-left transition-colors hover:border-zinc-400 hover:bg-zinc-50 disabled:opacity-60",
                  tone,
                )}
              >
                {body}
              </button>
            ) : (
              <div
                aria-current={state === "active" ? "step" : undefined}
                className={cx("rounded-md border px-3 py-2", tone)}
              >
                {body}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
