"use client";
/**
 * Settings → Messaging: who updates come from, when an update needs a second commander, and
 * what the customer's own app needs to show its notices (key, secret, allowed origins, the
 * widget snippet). Commanders read; admins edit, reveal the secret and rotate the keys.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { CopyField } from "@/app/_components/copy-field";
import { ConfirmDialog } from "@/app/_components/dialog";
import { Button, Callout, Card, ErrorState, Field, Input, Skeleton } from "@/app/_components/ui";
import { formatAgo } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { NoAccess } from "../no-access";
import { WidgetSnippets } from "./snippets";

type Saved = inferRouterOutputs<AppRouter>["workspace"]["messaging"]["get"];
type FormValues = { mailFrom: string; approvalThreshold: string; allowedOrigins: string };
type FieldName = keyof FormValues;

export function MessagingSettings({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.workspace.messaging.get.queryOptions({ workspace: slug }));
  if (settings.isError) {
    if (settings.error.data?.code === "FORBIDDEN")
      return <NoAccess what="the messaging settings" needs="commanders and admins" />;
    return (
      <Card>
        <ErrorState message={settings.error.message} onRetry={() => settings.refetch()} />
      </Card>
    );
  }
  if (!settings.data) return <MessagingSkeleton />;
  return (
    <div className="space-y-6">
      {!settings.data.canEdit && (
        <Callout tone="info">You can view these settings. Only admins can change them.</Callout>
      )}
      <SendingForm slug={slug} saved={settings.data} />
      <NoticeKeys slug={slug} saved={settings.data} />
      <WidgetSnippets noticeKey={settings.data.noticeKey} />
    </div>
  );
}

function SendingForm({ slug, saved }: { slug: string; saved: Saved }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => toForm(saved));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const canEdit = saved.canEdit;

  const save = useMutation(
    trpc.workspace.messaging.update.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.workspace.messaging.get.queryKey({ workspace: slug }), data);
        setValues(toForm(data));
        setSavedAt(new Date());
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

  const dirty = JSON.stringify(values) !== JSON.stringify(toForm(saved));
  const set =
    (field: FieldName) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setValues({ ...values, [field]: e.target.value });
      setErrors((errs) => ({ ...errs, [field]: undefined }));
      setSavedAt(null);
    };

  function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    save.mutate({
      workspace: slug,
      mailFrom: values.mailFrom.trim() === "" ? null : values.mailFrom,
      approvalThreshold:
        values.approvalThreshold.trim() === "" ? Number.NaN : Number(values.approvalThreshold),
      allowedOrigins: values.allowedOrigins.split("\n"),
    });
  }
  const generalError = save.error && Object.keys(errors).length === 0 ? save.error.message : null;

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      <Card title="Sending" description="How status updates reach your customers by email.">
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Sender address"
            htmlFor="messaging-from"
            error={errors.mailFrom}
            hint={`Name and address, e.g. Acme Status <status@acme.com>. Empty: ${saved.defaultMailFrom}.`}
          >
            <Input
              id="messaging-from"
              value={values.mailFrom}
              onChange={set("mailFrom")}
              placeholder={saved.defaultMailFrom}
              disabled={!canEdit}
              maxLength={320}
              aria-invalid={Boolean(errors.mailFrom)}
            />
          </Field>
          <Field
            label="Approval threshold"
            htmlFor="messaging-threshold"
            error={errors.approvalThreshold}
            hint="An update to more customers than this waits until a commander other than its author approves it."
          >
            <Input
              id="messaging-threshold"
              type="number"
              inputMode="numeric"
              min={1}
              max={1_000_000}
              step={1}
              value={values.approvalThreshold}
              onChange={set("approvalThreshold")}
              disabled={!canEdit}
              aria-invalid={Boolean(errors.approvalThreshold)}
              className="tabular-nums"
            />
          </Field>
        </div>
      </Card>

      <Card
        title="Allowed origins"
        description="Pages on these origins may read their customers' notices from the browser (the widget, or your own code). One per line, e.g. https://app.acme.com."
      >
        <Field label="Origins" htmlFor="messaging-origins" error={errors.allowedOrigins}>
          <textarea
            id="messaging-origins"
            value={values.allowedOrigins}
            onChange={set("allowedOrigins")}
            disabled={!canEdit}
            rows={4}
            spellCheck={false}
            placeholder={"https://app.acme.com\nhttps://staging.acme.com"}
            aria-invalid={Boolean(errors.allowedOrigins)}
            className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-[13px] placeholder:text-zinc-500 focus:border-zinc-500 focus:ring-2 focus:ring-zinc-200 focus:outline-none disabled:bg-zinc-100"
          />
        </Field>
      </Card>

      {canEdit && (
        <div className="flex items-center justify-end gap-3">
          {generalError && <span className="text-sm text-red-600">{generalError}</span>}
          {savedAt && !dirty && (
            <span className="text-sm text-emerald-700" role="status">
              Saved
            </span>
          )}
          {!savedAt && !dirty && (
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

function NoticeKeys({ slug, saved }: { slug: string; saved: Saved }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const reveal = useMutation(
    trpc.workspace.messaging.revealSecret.mutationOptions({
      onSuccess: (data) => setSecret(data.noticeSecret),
    }),
  );
  const rotate = useMutation(
    trpc.workspace.messaging.rotateKeys.mutationOptions({
      onSuccess: ({ noticeSecret, ...data }) => {
        queryClient.setQueryData(trpc.workspace.messaging.get.queryKey({ workspace: slug }), data);
        setSecret(noticeSecret);
        setConfirming(false);
      },
    }),
  );

  return (
    <Card
      title="Notice keys"
      description="Your app shows each customer their notices with the publishable key and a hash of the customer's id made with the secret on your server."
      actions={
        saved.canEdit && (
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            Rotate keys
          </Button>
        )
      }
    >
      <div className="space-y-5">
        <Field label="Publishable key" hint="Safe in page source: it only names your workspace.">
          <CopyField value={saved.noticeKey} ariaLabel="Publishable key" testId="notice-key" />
        </Field>
        <Field
          label="Secret"
          hint="Keep it on your server. Anyone with it can read any of your customers' notices."
          error={reveal.error?.message}
        >
          {secret ? (
            <CopyField value={secret} ariaLabel="Notice secret" testId="notice-secret" />
          ) : saved.canEdit ? (
            <Button
              variant="secondary"
              onClick={() => reveal.mutate({ workspace: slug })}
              loading={reveal.isPending}
            >
              Reveal secret
            </Button>
          ) : (
            <p className="text-sm text-zinc-500">Only admins can see the secret.</p>
          )}
        </Field>
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Rotate the notice keys?"
        description="A new publishable key and secret replace the current ones at once. Every widget snippet and every hash your servers make with the old secret stop working until you deploy the new ones."
        confirmLabel="Rotate keys"
        onConfirm={() => rotate.mutate({ workspace: slug })}
        pending={rotate.isPending}
        error={rotate.error?.message}
      />
    </Card>
  );
}

function MessagingSkeleton() {
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

function toForm(s: Saved): FormValues {
  return {
    mailFrom: s.mailFrom ?? "",
    approvalThreshold: String(s.approvalThreshold),
    allowedOrigins: s.allowedOrigins.join("\n"),
  };
}
