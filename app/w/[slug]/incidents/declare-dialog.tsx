"use client";
/** Declare an incident by hand: a title, a severity, and optionally the issues behind it. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Callout, Field, Input } from "@/app/_components/ui";
import { formatAgo, plural } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { IncidentSeverity } from "@/server/incidents/queries";
import { DeclareFooter, SeverityField } from "./declare-parts";

export function DeclareIncidentDialog({
  slug,
  open,
  onClose,
  onDeclared,
}: {
  slug: string;
  open: boolean;
  onClose: () => void;
  onDeclared: (number: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<IncidentSeverity>("SEV2");
  const [issueIds, setIssueIds] = useState<string[]>([]);
  const issues = useQuery({
    ...trpc.incidents.issues.queryOptions({ workspace: slug }),
    enabled: open,
  });
  const create = useMutation(
    trpc.incidents.create.mutationOptions({
      onSuccess: async (incident) => {
        await queryClient.invalidateQueries({ queryKey: trpc.incidents.pathKey() });
        setTitle("");
        setIssueIds([]);
        onClose();
        onDeclared(incident.number);
      },
    }),
  );

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate({ workspace: slug, title, severity, issueIds });
  };
  const toggle = (id: string) =>
    setIssueIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const recent = issues.data?.filter((i) => !i.incidents.some((x) => x.status !== "resolved"));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Declare incident"
      description="Open an incident by hand when customers report a problem before the error thresholds catch it."
      footer={
        <DeclareFooter
          form="declare-incident"
          onCancel={onClose}
          pending={create.isPending}
          disabled={!title.trim()}
        />
      }
    >
      <form id="declare-incident" onSubmit={submit} className="space-y-4">
        <Field
          label="Title"
          htmlFor="incident-title"
          hint="What is broken, for whom. You can change it later."
        >
          <Input
            id="incident-title"
            autoFocus
            maxLength={200}
            placeholder="Checkout fails for EU customers on app 5.4"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <SeverityField id="incident-severity" value={severity} onChange={setSeverity} />
        {recent && recent.length > 0 && (
          // min-w-0: a fieldset is as wide as its content by default, so one long issue name
          // would push the list past the dialog's edge instead of being truncated.
          <fieldset className="min-w-0 space-y-1.5">
            <legend className="text-sm font-medium text-zinc-800">
              Attach issues <span className="font-normal text-zinc-500">(optional)</span>
            </legend>
            <p className="text-xs text-zinc-500">
              Their affected customers and events become the incident&apos;s.
            </p>
            <div className="max-h-48 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-200">
              {recent.slice(0, 10).map((i) => (
                <label
                  key={i.id}
                  className="flex cursor-pointer items-start gap-2.5 px-3 py-2 hover:bg-zinc-50"
                >
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={issueIds.includes(i.id)}
                    onChange={() => toggle(i.id)}
                  />
                  <span className="min-w-0 flex-1" title={`${i.errorType} in ${i.service}`}>
                    <span className="line-clamp-2 text-sm font-medium [overflow-wrap:anywhere]">
                      {i.errorType}{" "}
                      <span className="font-normal text-zinc-500">in {i.service}</span>
                    </span>
                    <span className="block truncate text-xs text-zinc-500">
                      {plural(i.customerCount, "customer")} · {plural(i.eventCount, "event")} · last{" "}
                      {formatAgo(i.lastSeenAt)}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {create.error && <Callout tone="error">{create.error.message}</Callout>}
      </form>
    </Dialog>
  );
}
