"use client";
/**
 * Writing a status update, in two steps. Write: status, title, Markdown body, audience and
 * reach. Review, before anything is sent: how many contacts receive it after unsubscribes and
 * suppressions, customers without a contact, a sample of recipients with why each is in, the
 * email exactly as the first of them gets it (HTML in a sandboxed frame, and the plain text),
 * the link to their notice page, and whether it needs a second commander's approval.
 *
 * Opened from the status steps (`statusChange`), it is the status change itself: a note for
 * the timeline first, then, when "Tell customers" is ticked, the same update fields, prefilled
 * with the new status and the title customers were last told. The status changes (with its
 * note) before the update is saved, so an update waiting for approval does not hold it back.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, ExternalLink } from "lucide-react";
import { useState } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Badge, Button, Callout, Field, Input, Select, Skeleton, cx } from "@/app/_components/ui";
import { formatInt, plural } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { AudienceInput, DraftFields } from "@/server/messaging/update-schemas";
import { STATUS_STEPS, incidentRef, statusLabel } from "../badges";
import type { IncidentDetail } from "./types";
import type { StatusUpdateItem } from "./updates-card";
import { useRefreshIncidents } from "./use-incident-mutation";

type Status = DraftFields["status"];
type Reach = NonNullable<DraftFields["reach"]>;

const REASON_LABEL = {
  segment: "in segment",
  failing: "observed failing",
  added: "added by hand",
  told: "told before",
} as const;

/** The first update announces where the incident stands; later ones, the next step. */
function defaultStatus(current: Status, hasSent: boolean): Status {
  if (!hasSent) return current;
  const i = STATUS_STEPS.indexOf(current);
  return STATUS_STEPS[Math.min(i + 1, STATUS_STEPS.length - 1)];
}

const audienceKey = (a: AudienceInput) => (typeof a === "string" ? a : `segment:${a.segment}`);
const audienceOf = (key: string): AudienceInput =>
  key.startsWith("segment:") ? { segment: key.slice("segment:".length) } : (key as "incident");

export function ComposerDialog({
  slug,
  incident,
  hasSent,
  approvalThreshold,
  draft,
  statusChange,
  lastTitle,
  onClose,
}: {
  slug: string;
  incident: IncidentDetail;
  hasSent: boolean;
  approvalThreshold: number;
  /** The latest draft, reopened to go on with it. */
  draft: StatusUpdateItem | null;
  /** Opened to move the incident to this status: a note, and sending is optional. */
  statusChange?: Status;
  /** The title of the last update sent, which a status change's update starts from. */
  lastTitle?: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshIncidents = useRefreshIncidents();
  const [step, setStep] = useState<"write" | "review">("write");
  const [status, setStatus] = useState<Status>(
    statusChange ?? draft?.status ?? defaultStatus(incident.status, hasSent),
  );
  const [title, setTitle] = useState(draft?.title ?? lastTitle ?? "");
  const [note, setNote] = useState("");
  // Customers who heard about the incident hear about its next step, by default.
  const [tell, setTell] = useState(!statusChange || hasSent);
  const [statusChanged, setStatusChanged] = useState(false);
  const [body, setBody] = useState(draft?.body ?? "");
  const [audience, setAudience] = useState(audienceKey(draft?.audience ?? "incident"));
  const [reach, setReach] = useState<Reach | "default">(draft?.reach ?? "default");
  const [error, setError] = useState<string | null>(null);
  const segments = useQuery(trpc.segments.list.queryOptions({ workspace: slug }));

  const fields: DraftFields = {
    status,
    title,
    body,
    audience: audienceOf(audience),
    ...(reach === "default" ? {} : { reach }),
  };
  const preview = usePreview(
    { workspace: slug, incidentId: incident.id, ...fields },
    step === "review",
  );
  // Once saved, the composer goes on with the same draft (a failed send must not make another).
  const [savedId, setSavedId] = useState<string | null>(draft?.id ?? null);
  const createDraft = useMutation(trpc.updates.createDraft.mutationOptions());
  const updateDraft = useMutation(trpc.updates.updateDraft.mutationOptions());
  const send = useMutation(trpc.updates.send.mutationOptions());
  const changeStatus = useMutation(trpc.incidents.update.mutationOptions());
  const saving = createDraft.isPending || updateDraft.isPending || changeStatus.isPending;
  const busy = saving || send.isPending;

  const run = async (andSend: boolean) => {
    setError(null);
    try {
      if (statusChange && !statusChanged) {
        await changeStatus.mutateAsync({
          workspace: slug,
          incidentId: incident.id,
          status: statusChange,
          note,
        });
        // A retry after a failed send must not change the status again.
        setStatusChanged(true);
        if (!tell) {
          await refreshIncidents();
          onClose();
          return;
        }
      }
      const saved = savedId
        ? await updateDraft.mutateAsync({ workspace: slug, updateId: savedId, ...fields })
        : await createDraft.mutateAsync({ workspace: slug, incidentId: incident.id, ...fields });
      setSavedId(saved.id);
      if (andSend) await send.mutateAsync({ workspace: slug, updateId: saved.id });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.updates.pathKey() }),
        refreshIncidents(),
      ]);
      onClose();
    } catch (err) {
      setError((err as Error).message);
      await queryClient.invalidateQueries({ queryKey: trpc.updates.list.pathKey() });
    }
  };

  const noteError =
    statusChange && note.trim().length === 0 ? "Write what changed, for the timeline." : null;
  const writeError =
    noteError ??
    (!tell
      ? null
      : title.trim().length === 0
        ? "Give the update a title."
        : body.trim().length === 0
          ? "Write what customers should know."
          : null);
  const p = preview.data;

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={
        step === "review"
          ? "Review before sending"
          : statusChange
            ? `Move ${incidentRef(incident.number)} to ${statusLabel(statusChange)}`
            : "Post an update"
      }
      description={
        step === "review"
          ? "Exactly who receives it, and what they will read."
          : statusChange
            ? `${incident.title} · now ${statusLabel(incident.status).toLowerCase()}`
            : `To the customers of ${incidentRef(incident.number)} · ${incident.title}`
      }
      footer={
        step === "write" && statusChange && !tell ? (
          <>
            <Button variant="ghost" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              onClick={() => run(false)}
              disabled={!!writeError}
              loading={changeStatus.isPending}
              data-testid="confirm-status"
            >
              Move to {statusLabel(statusChange)}
            </Button>
          </>
        ) : step === "write" ? (
          <>
            {statusChange ? (
              <Button variant="ghost" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
            ) : (
              <Button
                variant="secondary"
                onClick={() => run(false)}
                disabled={!!writeError}
                loading={saving}
              >
                Save draft
              </Button>
            )}
            <Button
              onClick={() => setStep("review")}
              disabled={!!writeError}
              data-testid="review-update"
            >
              Review
            </Button>
          </>
        ) : (
          <>
            <Button variant="ghost" onClick={() => setStep("write")} disabled={busy}>
              <ArrowLeft className="size-3.5" /> Edit
            </Button>
            {!statusChange && (
              <Button
                variant="secondary"
                onClick={() => run(false)}
                loading={saving}
                disabled={busy}
              >
                Save draft
              </Button>
            )}
            <Button
              onClick={() => run(true)}
              loading={send.isPending || changeStatus.isPending}
              disabled={busy || !p || p.counts.recipients === 0 || preview.isFetching}
              data-testid="send-update"
            >
              {statusChange && !statusChanged ? `Move to ${statusLabel(statusChange)} and ` : ""}
              {sendLabel(p, !!statusChange && !statusChanged)}
            </Button>
          </>
        )
      }
    >
      {step === "write" ? (
        <div className="space-y-4">
          {statusChange && (
            <StatusNote
              note={note}
              onNote={setNote}
              error={note.length > 0 ? noteError : null}
              tell={tell}
              onTell={setTell}
              hasSent={hasSent}
            />
          )}
          {tell && (
            <>
              <div className="grid gap-4 sm:grid-cols-2">
                {!statusChange && (
                  <Field
                    label="Status"
                    htmlFor="update-status"
                    hint={`The incident is ${statusLabel(incident.status).toLowerCase()}; sending sets it to this.`}
                  >
                    <Select
                      id="update-status"
                      className="w-full"
                      value={status}
                      onChange={(e) => setStatus(e.target.value as Status)}
                    >
                      {STATUS_STEPS.map((s) => (
                        <option key={s} value={s}>
                          {statusLabel(s)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                )}
                <Field label="Audience" htmlFor="update-audience">
                  <Select
                    id="update-audience"
                    className="w-full"
                    value={audience}
                    onChange={(e) => setAudience(e.target.value)}
                  >
                    <option value="incident">The incident&apos;s audience</option>
                    <option value="observed">Only customers observed failing</option>
                    {segments.data?.map((s) => (
                      <option key={s.id} value={`segment:${s.id}`}>
                        Saved segment: {s.name}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <Field label="Title" htmlFor="update-title">
                <Input
                  id="update-title"
                  value={title}
                  maxLength={200}
                  onChange={(e) => setTitle(e.target.value)}
                  placeholder="Payments in the EU are failing"
                />
              </Field>
              <Field
                label="What customers should know"
                htmlFor="update-body"
                hint="Markdown: **bold**, lists, links. Review shows the email as it is sent."
              >
                <textarea
                  id="update-body"
                  value={body}
                  onChange={(e) => setBody(e.target.value)}
                  rows={8}
                  maxLength={20_000}
                  className="w-full rounded-md border border-zinc-300 px-3 py-2 font-mono text-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200"
                  placeholder={
                    "We found the cause and are rolling out a fix.\n\n- What is affected: …\n- What to do meanwhile: …"
                  }
                />
              </Field>
              <Field label="Reach" htmlFor="update-reach" hint={reachHint(reach, status, hasSent)}>
                <Select
                  id="update-reach"
                  className="w-full"
                  value={reach}
                  onChange={(e) => setReach(e.target.value as Reach | "default")}
                >
                  <option value="default">Default for this update</option>
                  <option value="audience">Everyone in the audience</option>
                  <option value="follow_up">Everyone told before, plus the newly affected</option>
                  <option value="everyone_told">Everyone ever told, plus the audience</option>
                </Select>
              </Field>
            </>
          )}
          {error && <Callout tone="error">{error}</Callout>}
        </div>
      ) : (
        <Review preview={preview} approvalThreshold={approvalThreshold} error={error} />
      )}
    </Dialog>
  );
}

function sendLabel(
  p: { needsApproval: boolean; counts: { recipients: number } } | undefined,
  lower: boolean,
) {
  const words = p?.needsApproval
    ? "Request approval"
    : `Send to ${p ? plural(p.counts.recipients, "contact") : "…"}`;
  return lower ? words[0].toLowerCase() + words.slice(1) : words;
}

/** A status change's own words, for the team's timeline, and whether customers hear of it. */
function StatusNote({
  note,
  onNote,
  error,
  tell,
  onTell,
  hasSent,
}: {
  note: string;
  onNote: (note: string) => void;
  error: string | null;
  tell: boolean;
  onTell: (tell: boolean) => void;
  hasSent: boolean;
}) {
  return (
    <>
      <Field
        label="What changed"
        htmlFor="status-note"
        hint="For your team: it goes on the incident's timeline. Customers do not see it."
        error={error ?? undefined}
      >
        <textarea
          id="status-note"
          autoFocus
          value={note}
          onChange={(e) => onNote(e.target.value)}
          rows={3}
          maxLength={2000}
          className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200"
          placeholder="Rolled back 5.2.0 in eu-west; error rate back to normal since 14:05."
        />
      </Field>
      <label className="flex items-start gap-2.5 rounded-md border border-zinc-200 px-3 py-2.5 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-zinc-900"
          checked={tell}
          onChange={(e) => onTell(e.target.checked)}
          data-testid="tell-customers"
        />
        <span>
          <span className="font-medium text-zinc-900">Tell customers too</span>
          <span className="block text-zinc-600">
            {hasSent
              ? "They were told about this incident before; an update keeps them in the loop."
              : "Nobody has been told about this incident yet. Optional."}
          </span>
        </span>
      </label>
    </>
  );
}

function reachHint(reach: Reach | "default", status: Status, hasSent: boolean): string {
  const effective: Reach =
    reach !== "default"
      ? reach
      : status === "resolved"
        ? "everyone_told"
        : hasSent
          ? "follow_up"
          : "audience";
  const words = {
    audience: "Everyone in the chosen audience.",
    follow_up: "Everyone told before, plus customers in the audience not told yet.",
    everyone_told:
      "Everyone who received any update of this incident, plus the audience — nobody told misses the resolution.",
  }[effective];
  return reach === "default" ? `Default: ${words}` : words;
}

function usePreview(
  input: DraftFields & { workspace: string; incidentId: string },
  enabled: boolean,
) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.updates.preview.queryOptions(input, { placeholderData: keepPreviousData }),
    enabled,
  });
}

function Review({
  preview,
  approvalThreshold,
  error,
}: {
  preview: ReturnType<typeof usePreview>;
  approvalThreshold: number;
  error: string | null;
}) {
  const [tab, setTab] = useState<"html" | "text">("html");
  if (preview.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Counting recipients">
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (preview.isError) return <Callout tone="error">{preview.error.message}</Callout>;
  const p = preview.data;
  const c = p.counts;
  return (
    <div className="space-y-4" data-testid="update-review">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Figure
          label="Contacts receive it"
          value={c.recipients}
          testId="review-recipients"
          strong
        />
        <Figure label="Customers" value={c.customers} testId="review-customers" />
        <Figure
          label="Excluded addresses"
          value={c.unsubscribed + c.suppressed}
          testId="review-excluded"
          hint={`${formatInt(c.unsubscribed)} unsubscribed · ${formatInt(c.suppressed)} bounced, complained or blocked`}
        />
        <Figure
          label="Customers without contact"
          value={c.customersWithoutContact}
          testId="review-no-contact"
        />
      </div>
      <p className="text-sm text-zinc-600" data-testid="review-reach">
        {p.reach === "audience"
          ? `Everyone in the audience: ${plural(c.customers, "customer")}.`
          : `Everyone told before (${formatInt(c.toldBefore)}), plus ${formatInt(c.newlyInAudience)} newly affected${p.reach === "everyone_told" ? " — the resolution reaches everyone ever told" : ""}.`}
      </p>
      {c.recipients === 0 ? (
        <Callout tone="warning">
          Nobody would receive this update: choose another audience or reach.
        </Callout>
      ) : p.needsApproval ? (
        <Callout tone="warning">
          {plural(c.recipients, "contact")} is more than the workspace&apos;s approval threshold of{" "}
          {formatInt(approvalThreshold)}: a commander other than you must approve it before it is
          sent.
        </Callout>
      ) : null}
      <div>
        <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-500">
          A sample of recipients
        </h3>
        <ul
          className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm"
          data-testid="review-sample"
        >
          {p.sample.map((r) => (
            <li key={r.email} className="flex flex-wrap items-center gap-2 px-3 py-1.5">
              <span className="font-medium text-zinc-900">{r.email}</span>
              <span className="text-xs text-zinc-500">{r.customerName ?? r.externalId}</span>
              <span className="ml-auto flex gap-1">
                {r.reasons.map((reason) => (
                  <Badge
                    key={reason}
                    tone={reason === "failing" ? "red" : reason === "told" ? "blue" : "neutral"}
                  >
                    {REASON_LABEL[reason]}
                  </Badge>
                ))}
              </span>
            </li>
          ))}
          {p.sample.length === 0 && <li className="px-3 py-2 text-zinc-500">No one.</li>}
        </ul>
      </div>
      {p.email && (
        <div>
          <div className="mb-1.5 flex items-center gap-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
              The email to {p.email.to}
            </h3>
            <div className="ml-auto flex gap-1 text-xs" role="tablist">
              {(["html", "text"] as const).map((t) => (
                <button
                  key={t}
                  role="tab"
                  aria-selected={tab === t}
                  onClick={() => setTab(t)}
                  className={cx(
                    "rounded px-2 py-0.5",
                    tab === t ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
                  )}
                >
                  {t === "html" ? "Email" : "Plain text"}
                </button>
              ))}
            </div>
          </div>
          <p className="mb-1 text-xs text-zinc-500">
            From {p.email.from} · Subject:{" "}
            <span className="font-medium text-zinc-800">{p.email.subject}</span>
          </p>
          {tab === "html" ? (
            <iframe
              title="The email as the recipient sees it"
              sandbox=""
              srcDoc={p.email.html}
              className="h-80 w-full rounded-md border border-zinc-200 bg-white"
              data-testid="review-email"
            />
          ) : (
            <pre className="h-80 overflow-auto whitespace-pre-wrap rounded-md border border-zinc-200 bg-zinc-50 p-3 text-xs text-zinc-800">
              {p.email.text}
            </pre>
          )}
          <a
            href={p.email.noticeUrl}
            target="_blank"
            rel="noreferrer"
            className="mt-1.5 inline-flex items-center gap-1 text-xs text-zinc-600 underline hover:text-zinc-900"
          >
            <ExternalLink className="size-3" /> Their notice page (shows updates once sent)
          </a>
        </div>
      )}
      {error && <Callout tone="error">{error}</Callout>}
    </div>
  );
}

function Figure({
  label,
  value,
  hint,
  testId,
  strong,
}: {
  label: string;
  value: number;
  hint?: string;
  testId: string;
  strong?: boolean;
}) {
  return (
    <div
      className={cx("rounded-md border px-3 py-2", strong ? "border-zinc-900" : "border-zinc-200")}
    >
      <div className="text-xs text-zinc-500">{label}</div>
      <div className="text-xl font-semibold tabular-nums text-zinc-900" data-testid={testId}>
        {formatInt(value)}
      </div>
      {hint && <div className="text-[11px] leading-tight text-zinc-500">{hint}</div>}
    </div>
  );
}
