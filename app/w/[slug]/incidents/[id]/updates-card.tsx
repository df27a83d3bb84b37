"use client";
/**
 * The incident's status updates: each with its status, who wrote and sent it, its state and
 * its delivery so far (a stacked bar and the numbers, refreshed every 5 s while messages are
 * still on their way). Responders post updates through the composer; commanders approve
 * large ones that someone else wrote; anyone who may write can cancel a waiting one.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Megaphone, Send } from "lucide-react";
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, Skeleton } from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatInt, plural } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import { hasRole } from "@/server/auth/roles";
import type { AppRouter } from "@/server/trpc/root";
import { statusLabel } from "../badges";
import { ComposerDialog } from "./composer-dialog";
import type { IncidentDetail } from "./types";
import { useRefreshIncidents } from "./use-incident-mutation";

export type UpdatesList = inferRouterOutputs<AppRouter>["updates"]["list"];
export type StatusUpdateItem = UpdatesList["updates"][number];
type Delivery = StatusUpdateItem["delivery"];

/** Delivery states in the order a message moves through them, with their bar colours. */
const DELIVERY: { key: keyof Delivery; label: string; color: string }[] = [
  { key: "opened", label: "opened", color: "bg-emerald-600" },
  { key: "delivered", label: "delivered", color: "bg-emerald-400" },
  { key: "sent", label: "sent", color: "bg-sky-400" },
  { key: "sending", label: "sending", color: "bg-sky-200" },
  { key: "queued", label: "queued", color: "bg-zinc-300" },
  { key: "suppressed", label: "suppressed", color: "bg-amber-300" },
  { key: "bounced", label: "bounced", color: "bg-orange-500" },
  { key: "complained", label: "complained", color: "bg-red-400" },
  { key: "failed", label: "failed", color: "bg-red-600" },
];

const STATUS_TONE = {
  investigating: "red",
  identified: "amber",
  monitoring: "blue",
  resolved: "green",
} as const;

const inFlight = (u: StatusUpdateItem) => u.delivery.queued + u.delivery.sending > 0;

export function UpdatesCard({
  slug,
  incident,
  audienceTotal,
  className,
}: {
  slug: string;
  incident: IncidentDetail;
  audienceTotal: number | null;
  className?: string;
}) {
  const trpc = useTRPC();
  const [composing, setComposing] = useState(false);
  const list = useQuery(
    trpc.updates.list.queryOptions(
      { workspace: slug, incidentId: incident.id },
      {
        // Live while anything is on its way; otherwise at the page's pace.
        refetchInterval: (q) =>
          q.state.data?.updates.some(inFlight) ? 5_000 : LIVE_REFRESH_MS * 3,
      },
    ),
  );
  const canWrite = list.data ? hasRole(list.data.you.role, "responder") : false;
  const updates = list.data?.updates ?? [];
  const drafts = updates.filter((u) => u.state === "draft");

  return (
    <Card
      className={className}
      title="Updates"
      description="What the affected customers have been told"
      actions={
        canWrite ? (
          <Button size="sm" onClick={() => setComposing(true)} data-testid="post-update">
            <Megaphone className="size-3.5" /> Post update
          </Button>
        ) : null
      }
      padded={false}
    >
      <div data-testid="updates-card">
        {list.isPending ? (
          <div className="space-y-2 p-4" aria-busy="true" aria-label="Loading updates">
            <Skeleton className="h-14 w-full" />
            <Skeleton className="h-14 w-full" />
          </div>
        ) : list.isError ? (
          <ErrorState
            title="Could not load the updates"
            message={list.error.message}
            onRetry={() => list.refetch()}
          />
        ) : updates.length === 0 ? (
          <EmptyState
            icon={<Send className="size-6" />}
            title={
              audienceTotal
                ? `No updates yet — tell the ${plural(audienceTotal, "affected customer")} what is going on`
                : "No updates yet"
            }
            description={
              canWrite
                ? "Post an update: you will see exactly who receives it, and the email, before it goes."
                : "Responders and commanders post updates to the incident's audience."
            }
            action={
              canWrite ? (
                <Button variant="secondary" size="sm" onClick={() => setComposing(true)}>
                  Post the first update
                </Button>
              ) : null
            }
          />
        ) : (
          <ol className="divide-y divide-zinc-100" data-testid="updates-list">
            {[...updates].reverse().map((u) => (
              <UpdateRow key={u.id} slug={slug} update={u} list={list.data!} />
            ))}
          </ol>
        )}
      </div>
      {composing && list.data && (
        <ComposerDialog
          slug={slug}
          incident={incident}
          hasSent={list.data.hasSent}
          approvalThreshold={list.data.approvalThreshold}
          draft={drafts.length ? drafts[drafts.length - 1] : null}
          onClose={() => setComposing(false)}
        />
      )}
    </Card>
  );
}

function useRefreshUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshIncidents = useRefreshIncidents();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.updates.pathKey() }),
      refreshIncidents(),
    ]);
}

function UpdateRow({
  slug,
  update: u,
  list,
}: {
  slug: string;
  update: StatusUpdateItem;
  list: UpdatesList;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshUpdates();
  const approve = useMutation(trpc.updates.approve.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.updates.cancel.mutationOptions({ onSuccess: refresh }));
  const isAuthor = u.createdBy?.id === list.you.id;
  const isCommander = hasRole(list.you.role, "commander");
  const canWrite = hasRole(list.you.role, "responder");
  const error = approve.error ?? cancel.error;
  const ref = { workspace: slug, updateId: u.id };
  return (
    <li className="space-y-2 px-4 py-3" data-testid={`update-${u.number}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-zinc-500">#{u.number}</span>
        <Badge tone={STATUS_TONE[u.status]}>{statusLabel(u.status)}</Badge>
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900">{u.title}</span>
        <StateBadge state={u.state} />
      </div>
      <p className="text-xs text-zinc-500">
        {who(u)}
        {u.state !== "draft" && u.state !== "cancelled" && (
          <>
            {" · "}
            <span data-testid="update-recipients">{plural(u.recipientCount, "recipient")}</span>
            {" at "}
            {plural(u.customerCount, "customer")}
          </>
        )}
      </p>
      {u.state === "sent" && <DeliveryBar delivery={u.delivery} total={u.recipientCount} />}
      {u.state === "awaiting_approval" && (
        <div className="flex flex-wrap items-center gap-2">
          {isCommander && (
            <Button
              size="sm"
              onClick={() => approve.mutate(ref)}
              loading={approve.isPending}
              disabled={isAuthor}
              title={
                isAuthor ? "You wrote this update: another commander must approve it." : undefined
              }
              data-testid="approve-update"
            >
              Approve and send
            </Button>
          )}
          {canWrite && (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => cancel.mutate(ref)}
              loading={cancel.isPending}
            >
              Cancel
            </Button>
          )}
          <span className="text-xs text-zinc-500">
            {isAuthor
              ? "You wrote it, so another commander must approve it."
              : `Over the approval threshold of ${formatInt(list.approvalThreshold)}: a commander other than its author approves it.`}
          </span>
        </div>
      )}
      {u.state === "draft" && canWrite && (
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          Draft — open it with “Post update”.
          <Button
            size="sm"
            variant="ghost"
            onClick={() => cancel.mutate(ref)}
            loading={cancel.isPending}
          >
            Discard
          </Button>
        </div>
      )}
      {error && (
        <p className="text-xs text-red-700" role="alert">
          {error.message}
        </p>
      )}
    </li>
  );
}

function who(u: StatusUpdateItem): string {
  const author = u.createdBy?.name ?? "An API key";
  if (u.state === "sent" && u.sentAt) {
    const approved = u.approvedBy ? `, approved by ${u.approvedBy.name}` : "";
    return `${author}${approved} · sent ${formatAgo(u.sentAt)} (${formatDateTime(u.sentAt)})`;
  }
  if (u.state === "cancelled" && u.cancelledAt) {
    return `${author} · cancelled ${formatAgo(u.cancelledAt)}${u.cancelledBy ? ` by ${u.cancelledBy.name}` : ""}`;
  }
  return `${author} · ${formatAgo(u.updatedAt)}`;
}

function StateBadge({ state }: { state: StatusUpdateItem["state"] }) {
  switch (state) {
    case "sent":
      return <Badge tone="green">Sent</Badge>;
    case "awaiting_approval":
      return <Badge tone="amber">Awaiting approval</Badge>;
    case "draft":
      return <Badge>Draft</Badge>;
    case "cancelled":
      return <Badge tone="neutral">Cancelled</Badge>;
  }
}

function DeliveryBar({ delivery, total }: { delivery: Delivery; total: number }) {
  const sum = Math.max(
    1,
    total,
    DELIVERY.reduce((s, d) => s + delivery[d.key], 0),
  );
  const shown = DELIVERY.filter((d) => delivery[d.key] > 0);
  return (
    <div className="space-y-1" data-testid="update-delivery">
      <div
        className="flex h-2 w-full overflow-hidden rounded-full bg-zinc-100"
        role="img"
        aria-label={shown.map((d) => `${formatInt(delivery[d.key])} ${d.label}`).join(", ")}
      >
        {shown.map((d) => (
          <div
            key={d.key}
            className={d.color}
            style={{ width: `${(delivery[d.key] / sum) * 100}%` }}
          />
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600">
        {shown.map((d) => (
          <li key={d.key} className="flex items-center gap-1" data-testid={`delivery-${d.key}`}>
            <span className={`inline-block size-2 rounded-full ${d.color}`} />
            <span className="font-medium tabular-nums text-zinc-900">
              {formatInt(delivery[d.key])}
            </span>{" "}
            {d.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
