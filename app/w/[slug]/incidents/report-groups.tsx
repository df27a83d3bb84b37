"use client";
/**
 * Reported from support: problems agents flagged from tickets with the browser extension,
 * grouped by what they wrote (server/extension/groups.ts). Commanders declare an incident from
 * a group — its customers join it by hand — or dismiss it. Nothing shows while none are open.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, MessageSquareWarning } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Button, Callout, Card, Field, Input } from "@/app/_components/ui";
import { formatAgo, formatDateTime, plural } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import type { inferRouterOutputs } from "@trpc/server";
import type { IncidentSeverity } from "@/server/incidents/queries";
import type { AppRouter } from "@/server/trpc/root";
import { DeclareFooter, SeverityField } from "./declare-parts";

type Group = inferRouterOutputs<AppRouter>["reportGroups"]["list"][number];

export function ReportGroups({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(
    trpc.reportGroups.list.queryOptions(
      { workspace: slug },
      { refetchInterval: LIVE_REFRESH_MS * 6 },
    ),
  );
  const [declaring, setDeclaring] = useState<Group | null>(null);
  const dismiss = useMutation(
    trpc.reportGroups.dismiss.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.reportGroups.pathKey() }),
    }),
  );

  if (!groups.data || groups.data.length === 0) return null;
  return (
    <section className="mt-6" aria-labelledby="reported-from-support">
      <Card
        padded={false}
        title={<span id="reported-from-support">Reported from support</span>}
        description="Problems agents flagged from tickets that no incident covers yet, grouped by what they wrote."
      >
        <ul className="divide-y divide-zinc-100" data-testid="report-groups">
          {groups.data.map((g) => (
            <li key={g.id} className="px-4 py-3">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="flex items-center gap-2 font-medium text-zinc-900">
                    <MessageSquareWarning className="size-4 shrink-0 text-amber-600" />
                    <span className="break-words">{g.title}</span>
                  </p>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {plural(g.customerCount, "customer")} · first{" "}
                    <span title={formatDateTime(g.firstReportedAt)}>
                      {formatAgo(g.firstReportedAt)}
                    </span>
                    , last{" "}
                    <span title={formatDateTime(g.lastReportedAt)}>
                      {formatAgo(g.lastReportedAt)}
                    </span>
                  </p>
                </div>
                <div className="flex shrink-0 gap-2">
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={dismiss.isPending && dismiss.variables?.groupId === g.id}
                    onClick={() => dismiss.mutate({ workspace: slug, groupId: g.id })}
                  >
                    Dismiss
                  </Button>
                  <Button size="sm" onClick={() => setDeclaring(g)}>
                    Declare incident
                  </Button>
                </div>
              </div>
              <ul className="mt-2 space-y-1.5 border-l-2 border-zinc-200 pl-3">
                {g.reports.map((r) => (
                  <li key={r.id} className="text-sm">
                    <span className="font-medium text-zinc-800">
                      {r.customer.name ?? r.customer.externalId}
                    </span>
                    <span className="text-zinc-600">: “{r.note}”</span>
                    <span className="ml-1 text-xs text-zinc-500">
                      — {r.reportedBy ?? "an agent"},{" "}
                      <span title={formatDateTime(r.reportedAt)}>{formatAgo(r.reportedAt)}</span>
                    </span>
                    {r.ticketUrl && (
                      <a
                        href={r.ticketUrl}
                        target="_blank"
                        rel="noreferrer noopener"
                        className="ml-1.5 inline-flex items-center gap-0.5 text-xs text-zinc-500 underline hover:text-zinc-800"
                      >
                        ticket <ExternalLink className="size-3" aria-hidden />
                      </a>
                    )}
                  </li>
                ))}
                {g.customerCount > g.reports.length && (
                  <li className="text-xs text-zinc-500">
                    and {plural(g.customerCount - g.reports.length, "more customer")}
                  </li>
                )}
              </ul>
            </li>
          ))}
        </ul>
        {dismiss.error && (
          <div className="px-4 pb-3">
            <Callout tone="error">{dismiss.error.message}</Callout>
          </div>
        )}
      </Card>
      <DeclareFromGroupDialog slug={slug} group={declaring} onClose={() => setDeclaring(null)} />
    </section>
  );
}

function DeclareFromGroupDialog({
  slug,
  group,
  onClose,
}: {
  slug: string;
  group: Group | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState<string | null>(null);
  const [severity, setSeverity] = useState<IncidentSeverity>("SEV2");
  const declare = useMutation(
    trpc.reportGroups.declare.mutationOptions({
      onSuccess: async ({ number }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.reportGroups.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.incidents.pathKey() });
        close();
        router.push(`/w/${slug}/incidents/${number}`);
      },
    }),
  );
  const shownTitle = title ?? group?.title ?? "";

  function close() {
    setTitle(null);
    declare.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (group) declare.mutate({ workspace: slug, groupId: group.id, title: shownTitle, severity });
  }

  return (
    <Dialog
      open={group !== null}
      onClose={close}
      title="Declare incident from reports"
      description={
        group
          ? `The ${plural(group.customerCount, "customer")} reported are added to it by hand.`
          : undefined
      }
      footer={
        <DeclareFooter
          form="declare-from-reports"
          onCancel={close}
          pending={declare.isPending}
          disabled={!shownTitle.trim()}
        />
      }
    >
      <form id="declare-from-reports" onSubmit={submit} className="space-y-4">
        <Field label="Title" htmlFor="report-incident-title">
          <Input
            id="report-incident-title"
            maxLength={200}
            value={shownTitle}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <SeverityField id="report-incident-severity" value={severity} onChange={setSeverity} />
        {declare.error && <Callout tone="error">{declare.error.message}</Callout>}
      </form>
    </Dialog>
  );
}
