"use client";
/** The errors behind the incident: attached issues with their counts; attach and detach. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Bug, Link2, Unlink } from "lucide-react";
import { useState } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Button, Callout, Card, EmptyState, Input, Skeleton } from "@/app/_components/ui";
import { formatAgo, plural } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { incidentRef } from "../badges";
import type { IncidentDetail } from "./types";
import { useRefreshIncidents } from "./use-incident-mutation";

export function IssuesCard({
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
  const [attaching, setAttaching] = useState(false);
  const detach = useMutation(trpc.incidents.detachIssue.mutationOptions({ onSuccess: refresh }));
  return (
    <Card
      title="Attached issues"
      description="Errors whose customers count as affected."
      padded={false}
      actions={
        canEdit ? (
          <Button variant="secondary" size="sm" onClick={() => setAttaching(true)}>
            <Link2 className="size-3.5" /> Attach
          </Button>
        ) : undefined
      }
    >
      <div data-testid="attached-issues">
        {incident.issues.length === 0 ? (
          <EmptyState
            icon={<Bug className="size-5" />}
            title="No issues attached"
            description={
              canEdit
                ? "Attach the errors behind this incident to count their customers as affected."
                : "A commander can attach the errors behind this incident."
            }
          />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {incident.issues.map((i) => (
              <li key={i.id} className="group px-4 py-3">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="truncate text-sm font-medium text-zinc-900">
                      {i.errorType}{" "}
                      <span className="font-normal text-zinc-500">in {i.service}</span>
                    </div>
                    <div
                      className="mt-0.5 truncate font-mono text-xs text-zinc-500"
                      title={i.message}
                    >
                      {i.message}
                    </div>
                    <div className="mt-1 text-xs text-zinc-500">
                      {plural(i.customerCount, "customer")} · {plural(i.eventCount, "event")} · last{" "}
                      {formatAgo(i.lastSeenAt)}
                    </div>
                  </div>
                  {canEdit && (
                    <button
                      onClick={() =>
                        detach.mutate({ workspace: slug, incidentId: incident.id, issueId: i.id })
                      }
                      disabled={detach.isPending}
                      className="shrink-0 rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700"
                      aria-label={`Detach ${i.errorType} in ${i.service}`}
                      title="Detach: its customers stop counting as affected"
                    >
                      <Unlink className="size-4" />
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {detach.error && (
          <div className="p-3">
            <Callout tone="error">{detach.error.message}</Callout>
          </div>
        )}
      </div>
      {canEdit && (
        <AttachDialog
          slug={slug}
          incident={incident}
          open={attaching}
          onClose={() => setAttaching(false)}
        />
      )}
    </Card>
  );
}

function AttachDialog({
  slug,
  incident,
  open,
  onClose,
}: {
  slug: string;
  incident: IncidentDetail;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIncidents();
  const [search, setSearch] = useState("");
  const issues = useQuery({
    ...trpc.incidents.issues.queryOptions({ workspace: slug, search: search || undefined }),
    enabled: open,
  });
  const attach = useMutation(trpc.incidents.attachIssue.mutationOptions({ onSuccess: refresh }));
  const attached = new Set(incident.issues.map((i) => i.id));
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Attach issues to ${incidentRef(incident.number)}`}
      description="The customers who hit an attached issue count as affected, and its events add to the chart."
    >
      <div className="space-y-3">
        <Input
          aria-label="Search issues"
          placeholder="Search service, error type or message"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {attach.error && <Callout tone="error">{attach.error.message}</Callout>}
        <div className="max-h-80 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-200">
          {issues.isPending ? (
            <div className="space-y-2 p-3">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          ) : issues.data?.length === 0 ? (
            <p className="p-4 text-center text-sm text-zinc-500">
              {search ? "No issue matches." : "No errors received yet."}
            </p>
          ) : (
            issues.data?.map((i) => {
              const elsewhere = i.incidents.filter((x) => x.id !== incident.id);
              return (
                <div key={i.id} className="flex items-center justify-between gap-3 px-3 py-2">
                  <div className="min-w-0">
                    <div className="truncate text-sm font-medium">
                      {i.errorType}{" "}
                      <span className="font-normal text-zinc-500">in {i.service}</span>
                    </div>
                    <div className="truncate text-xs text-zinc-500">
                      {plural(i.customerCount, "customer")} · {plural(i.eventCount, "event")} · last{" "}
                      {formatAgo(i.lastSeenAt)}
                      {elsewhere.length > 0 &&
                        ` · also in ${elsewhere.map((x) => incidentRef(x.number)).join(", ")}`}
                    </div>
                  </div>
                  {attached.has(i.id) ? (
                    <span className="text-xs font-medium text-emerald-700">Attached</span>
                  ) : (
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={attach.isPending && attach.variables?.issueId === i.id}
                      onClick={() =>
                        attach.mutate({ workspace: slug, incidentId: incident.id, issueId: i.id })
                      }
                    >
                      Attach
                    </Button>
                  )}
                </div>
              );
            })
          )}
        </div>
      </div>
    </Dialog>
  );
}
