"use client";
/**
 * Every message this customer was sent, newest first: the incident and status update it
 * carried, the address, where its delivery stands with the moment of each step, why it failed
 * or was suppressed, and a link to its copy in the built-in mailbox when it went there.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Send } from "lucide-react";
import Link from "next/link";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/app/_components/ui";
import { formatAgo, formatDateTime, plural } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { incidentRef, statusLabel } from "../../incidents/badges";
import { Pager, useCursorPages, useKeptTotal } from "../../mailbox/paging";

type Message = inferRouterOutputs<AppRouter>["messages"]["forCustomer"]["rows"][number];

const PAGE = 20;

const STATE: Record<
  Message["state"],
  { label: string; tone: "neutral" | "blue" | "green" | "amber" | "orange" | "red" }
> = {
  queued: { label: "Queued", tone: "neutral" },
  sending: { label: "Sending", tone: "blue" },
  sent: { label: "Sent", tone: "blue" },
  delivered: { label: "Delivered", tone: "green" },
  opened: { label: "Opened", tone: "green" },
  bounced: { label: "Bounced", tone: "orange" },
  complained: { label: "Marked as spam", tone: "red" },
  failed: { label: "Failed", tone: "red" },
  suppressed: { label: "Suppressed", tone: "amber" },
};

/** The steps this message went through, in order, each with its moment. */
function steps(m: Message): { label: string; at: Date }[] {
  const all: [string, Date | null][] = [
    ["queued", m.queuedAt],
    ["sent", m.sentAt],
    ["delivered", m.deliveredAt],
    ["opened", m.openedAt],
    ["bounced", m.bouncedAt],
    ["complained", m.complainedAt],
    ["failed", m.failedAt],
  ];
  return all.flatMap(([label, at]) => (at ? [{ label, at }] : []));
}

const inFlight = (m: Message) => m.state === "queued" || m.state === "sending";

export function MessagesCard({ slug, customerId }: { slug: string; customerId: number }) {
  const trpc = useTRPC();
  const pages = useCursorPages(String(customerId));
  const list = useQuery(
    trpc.messages.forCustomer.queryOptions(
      { workspace: slug, customerId, cursor: pages.cursor, limit: PAGE },
      {
        placeholderData: keepPreviousData,
        // Live while a message is on its way.
        refetchInterval: (q) => (q.state.data?.rows.some(inFlight) ? LIVE_REFRESH_MS : false),
      },
    ),
  );
  const total = useKeptTotal(String(customerId), list.data?.total);
  const rows = list.data?.rows ?? [];
  return (
    <Card
      title="Messages"
      description={
        total
          ? `${plural(total, "email")} sent to this customer, newest first`
          : "Every email sent to this customer"
      }
      padded={false}
    >
      {list.isPending ? (
        <div className="space-y-2 p-4" aria-busy="true" aria-label="Loading messages">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ) : list.isError ? (
        <ErrorState
          title="Could not load the messages"
          message={list.error.message}
          onRetry={() => list.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Send className="size-5" />}
          title="No messages yet"
          description="When a status update of an incident that affects this customer is sent, each of its contacts' emails shows up here with its delivery."
        />
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="customer-messages">
          {rows.map((m) => (
            <li key={m.id} className="space-y-1 px-4 py-3" data-testid="customer-message">
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/w/${slug}/incidents/${m.incident.number}`}
                  className="min-w-0 truncate text-sm text-zinc-900 hover:underline"
                >
                  <span className="font-mono text-xs text-zinc-500">
                    {incidentRef(m.incident.number)}
                  </span>{" "}
                  {m.incident.title}
                </Link>
                <span className="flex-1" />
                <Badge tone={STATE[m.state].tone}>{STATE[m.state].label}</Badge>
              </div>
              <div className="text-sm font-medium text-zinc-900">
                <span className="mr-1.5 text-xs font-normal text-zinc-500">
                  #{m.update.number} {statusLabel(m.update.status)}
                </span>
                {m.update.title}
              </div>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-zinc-500">
                <span className="text-zinc-700">to {m.email}</span>
                {steps(m).map((s) => (
                  <span key={s.label} title={formatDateTime(s.at)}>
                    {s.label} {formatAgo(s.at)}
                  </span>
                ))}
                {m.mailboxEmailId && (
                  <Link
                    href={`/w/${slug}/mailbox?email=${m.mailboxEmailId}`}
                    className="font-medium text-zinc-700 underline-offset-2 hover:underline"
                    data-testid="message-mailbox-link"
                  >
                    View in mailbox
                  </Link>
                )}
              </div>
              {m.error && (
                <p className="text-xs text-red-700" data-testid="message-error">
                  {m.state === "suppressed" ? "Not sent — " : ""}
                  {m.error}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager
        index={pages.index}
        size={PAGE}
        shown={rows.length}
        total={total}
        nextCursor={list.data?.nextCursor}
        onNext={pages.next}
        onPrevious={pages.previous}
        noun="messages"
      />
    </Card>
  );
}
