"use client";
/** Settings → General: name, incident thresholds and retention. Commanders read; admins edit. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button, Callout, Card, ErrorState, Field, Input, Skeleton } from "@/app/_components/ui";
import { formatAgo } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import type { inferRouterOutputs } from "@trpc/server";
import { NoAccess } from "../no-access";

type FormValues = {
  name: string;
  incidentCustomerThreshold: string;
  incidentEventsPerMinuteThreshold: string;
  eventRetentionDays: string;
};
type FieldName = keyof FormValues;
type RouterOutputs = inferRouterOutputs<AppRouter>;

type Saved = RouterOutputs["workspace"]["settings"]["get"];

export function GeneralSettings({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.workspace.settings.get.queryOptions({ workspace: slug }));

  if (settings.isError) {
    if (settings.error.data?.code === "FORBIDDEN")
      return <NoAccess what="the workspace settings" needs="commanders and admins" />;
    return (
      <Card>
        <ErrorState message={settings.error.message} onRetry={() => settings.refetch()} />
      </Card>
    );
  }
  if (!settings.data) return <GeneralSkeleton />;
  return <GeneralForm slug={slug} saved={settings.data} />;
}

function GeneralForm({ slug, saved }: { slug: string; saved: Saved }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(() => toForm(saved));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  const save = useMutation(
    trpc.workspace.settings.update.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.workspace.settings.get.queryKey({ workspace: slug }), data);
        setValues(toForm(data));
        setSavedAt(new Date());
        // The sidebar shows the workspace name.
        router.refresh();
      },
      onError: (err) => {
        const next: typeof errors = {};
        for (const issue of err.data?.zodIssues ?? []) {
          const field = issue.path[0] as FieldName;
          if (field && !next[field]) next[field] = issue.message;
        }
        setErrors(next);
      },
    }),
  );

  const canEdit = saved.canEdit;
  const dirty = JSON.stringify(values) !== JSON.stringify(toForm(saved));
  const set = (field: FieldName) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues({ ...values, [field]: e.target.value });
    setErrors((errs) => ({ ...errs, [field]: undefined }));
    setSavedAt(null);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    save.mutate({
      workspace: slug,
      name: values.name,
      incidentCustomerThreshold: toNumber(values.incidentCustomerThreshold),
      incidentEventsPerMinuteThreshold: toNumber(values.incidentEventsPerMinuteThreshold),
      eventRetentionDays: toNumber(values.eventRetentionDays),
    });
  }

  const generalError = save.error && Object.keys(errors).length === 0 ? save.error.message : null;

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      {!canEdit && (
        <Callout tone="info">You can view these settings. Only admins can change them.</Callout>
      )}
      <Card title="Workspace" description="How the workspace appears to its members.">
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Workspace name" htmlFor="settings-name" error={errors.name}>
            <Input
              id="settings-name"
              value={values.name}
              onChange={set("name")}
              disabled={!canEdit}
              maxLength={60}
              aria-invalid={Boolean(errors.name)}
            />
          </Field>
          <Field label="URL" htmlFor="settings-slug" hint="The address cannot be changed.">
            <Input id="settings-slug" value={`/w/${saved.slug}`} disabled readOnly />
          </Field>
        </div>
      </Card>

      <Card
        title="Incident thresholds"
        description="An issue opens an incident by itself as soon as it crosses either threshold. Commanders can always open one by hand."
      >
        <div className="space-y-5">
          <NumberRow
            id="settings-customer-threshold"
            label="Affected customers"
            before="Open an incident when an issue has affected at least"
            after="customers"
            value={values.incidentCustomerThreshold}
            onChange={set("incidentCustomerThreshold")}
            disabled={!canEdit}
            error={errors.incidentCustomerThreshold}
            min={1}
            max={1_000_000}
          />
          <NumberRow
            id="settings-epm-threshold"
            label="Events per minute"
            before="…or when it reaches"
            after="events in one minute"
            value={values.incidentEventsPerMinuteThreshold}
            onChange={set("incidentEventsPerMinuteThreshold")}
            disabled={!canEdit}
            error={errors.incidentEventsPerMinuteThreshold}
            min={1}
            max={10_000_000}
          />
        </div>
      </Card>

      <Card
        title="Data retention"
        description="Raw error events are deleted after this many days. Incidents, affected customers and per-minute counts are kept."
      >
        <NumberRow
          id="settings-retention"
          label="Retention"
          before="Keep raw events for"
          after="days"
          value={values.eventRetentionDays}
          onChange={set("eventRetentionDays")}
          disabled={!canEdit}
          error={errors.eventRetentionDays}
          min={1}
          max={3650}
        />
      </Card>

      {canEdit && (
        <div className="flex items-center justify-end gap-3">
          {generalError && <span className="text-sm text-red-600">{generalError}</span>}
          {savedAt && !dirty && (
            <span className="text-sm text-emerald-700" role="status">
              Saved
            </span>
          )}
          {!savedAt && saved.updatedAt && !dirty && (
            <span className="text-xs text-zinc-500">Last changed {formatAgo(saved.updatedAt)}</span>
          )}
          {dirty && (
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setValues(toForm(saved));
                setErrors({});
              }}
            >
              Discard
            </Button>
          )}
          <Button type="submit" disabled={!dirty} loading={save.isPending}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  );
}

function NumberRow(props: {
  id: string;
  label: string;
  before: ReactNode;
  after: ReactNode;
  value: string;
  onChange: (e: React.ChangeEvent<HTMLInputElement>) => void;
  disabled: boolean;
  error?: string;
  min: number;
  max: number;
}) {
  return (
    <div>
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
        <span>{props.before}</span>
        <div className="w-28">
          <Input
            id={props.id}
            type="number"
            inputMode="numeric"
            step={1}
            min={props.min}
            max={props.max}
            value={props.value}
            onChange={props.onChange}
            disabled={props.disabled}
            aria-invalid={Boolean(props.error)}
            className="text-right tabular-nums"
          />
        </div>
        <span>{props.after}</span>
      </div>
      {props.error && (
        <p className="mt-1.5 text-xs text-red-600" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

function GeneralSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading settings">
      {[0, 1, 2].map((i) => (
        <Card key={i}>
          <div className="space-y-3">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-9 w-full max-w-md" />
          </div>
        </Card>
      ))}
    </div>
  );
}

function toForm(s: {
  name: string;
  incidentCustomerThreshold: number;
  incidentEventsPerMinuteThreshold: number;
  eventRetentionDays: number;
}): FormValues {
  return {
    name: s.name,
    incidentCustomerThreshold: String(s.incidentCustomerThreshold),
    incidentEventsPerMinuteThreshold: String(s.incidentEventsPerMinuteThreshold),
    eventRetentionDays: String(s.eventRetentionDays),
  };
}

/** Empty or non-numeric input goes to the server as NaN so its "must be a number" message shows. */
function toNumber(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}
