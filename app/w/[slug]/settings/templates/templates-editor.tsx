"use client";
/**
 * Settings → Templates: the wording around a status update, per status and language, with
 * the variables as chips and a live preview of the email (HTML in a sandboxed frame, and the
 * plain-text part). Responders read and preview; commanders and admins save and reset.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Callout,
  Card,
  ErrorState,
  Field,
  Input,
  Select,
  Skeleton,
  Spinner,
  cx,
} from "@/app/_components/ui";
import { formatAgo } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { templateTextSchema } from "@/server/messaging/render/template-schema";
import type { AppRouter } from "@/server/trpc/root";
import { NoAccess } from "../no-access";

type Outputs = inferRouterOutputs<AppRouter>["templates"];
type Listed = Outputs["list"];
type Template = Listed["templates"][number];
type Status = Template["status"];
type Locale = Template["locale"];
type TextField = "subject" | "intro" | "outro";
type Draft = Record<TextField, string>;

const STATUS_LABELS: Record<Status, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};
const keyOf = (status: Status, locale: Locale) => `${status}:${locale}`;
const textOf = (t: Template): Draft => ({ subject: t.subject, intro: t.intro, outro: t.outro });

export function TemplatesEditor({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.templates.list.queryOptions({ workspace: slug }));
  if (list.isError) {
    if (list.error.data?.code === "FORBIDDEN")
      return <NoAccess what="the message templates" needs="responders, commanders and admins" />;
    return (
      <Card>
        <ErrorState message={list.error.message} onRetry={() => list.refetch()} />
      </Card>
    );
  }
  if (!list.data) return <TemplatesSkeleton />;
  return <Editor slug={slug} listed={list.data} />;
}

function Editor({ slug, listed }: { slug: string; listed: Listed }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("investigating");
  const [locale, setLocale] = useState<Locale>("en");
  // Unsaved text per (status, locale), so switching between them loses nothing.
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [errors, setErrors] = useState<Partial<Record<TextField, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const fields = useRef<Record<TextField, HTMLInputElement | HTMLTextAreaElement | null>>({
    subject: null,
    intro: null,
    outro: null,
  });
  const lastField = useRef<TextField>("intro");

  const key = keyOf(status, locale);
  const saved = listed.templates.find((t) => t.status === status && t.locale === locale)!;
  const draft = drafts[key] ?? textOf(saved);
  const dirty = JSON.stringify(draft) !== JSON.stringify(textOf(saved));
  const canEdit = listed.canEdit;

  const listKey = trpc.templates.list.queryKey({ workspace: slug });
  const afterChange = (template: Template, message: string) => {
    queryClient.setQueryData(listKey, (old: Listed | undefined) =>
      old
        ? {
            ...old,
            templates: old.templates.map((t) =>
              t.status === template.status && t.locale === template.locale ? template : t,
            ),
          }
        : old,
    );
    setDrafts(({ [keyOf(template.status, template.locale)]: _done, ...rest }) => rest);
    setErrors({});
    setNotice(message);
  };
  const serverErrors = (err: {
    data?: { zodIssues?: { path: PropertyKey[]; message: string }[] | null } | null;
  }) => {
    const next: typeof errors = {};
    for (const issue of err.data?.zodIssues ?? []) {
      const field = issue.path[0] as TextField;
      if (["subject", "intro", "outro"].includes(field) && !next[field])
        next[field] = issue.message;
    }
    setErrors(next);
  };
  const save = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: (t) => afterChange(t, "Saved"),
      onError: serverErrors,
    }),
  );
  const reset = useMutation(
    trpc.templates.reset.mutationOptions({
      onSuccess: (t) => afterChange(t, "Reset to the default"),
    }),
  );

  function change(field: TextField, value: string) {
    setDrafts((d) => ({ ...d, [key]: { ...draft, [field]: value } }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setNotice(null);
  }

  /** Puts `{{name}}` where the cursor was in the field last used. */
  function insertVariable(name: string) {
    const field = lastField.current;
    const el = fields.current[field];
    const value = draft[field];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const token = `{{${name}}}`;
    change(field, value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = templateTextSchema.safeParse(draft);
    if (!checked.success) {
      const next: typeof errors = {};
      for (const issue of checked.error.issues) {
        const field = issue.path[0] as TextField;
        if (!next[field]) next[field] = issue.message;
      }
      setErrors(next);
      return;
    }
    save.mutate({ workspace: slug, status, locale, ...draft });
  }

  const generalError =
    (save.error && Object.keys(errors).length === 0 ? save.error.message : null) ??
    reset.error?.message ??
    null;

  return (
    <div className="space-y-6">
      <Card
        title="Message templates"
        description="The words around each status update: the subject, an intro above the update and an outro below it. A contact gets the language of their locale (exact, then the base language, then English)."
      >
        <div className="flex flex-wrap items-end gap-4">
          <div role="radiogroup" aria-label="Status" className="flex flex-wrap gap-1.5">
            {(Object.keys(STATUS_LABELS) as Status[]).map((s) => {
              const customised = listed.templates.some(
                (t) => t.status === s && t.locale === locale && t.customised,
              );
              return (
                <button
                  key={s}
                  type="button"
                  role="radio"
                  aria-checked={s === status}
                  onClick={() => {
                    setStatus(s);
                    setErrors({});
                    setNotice(null);
                  }}
                  className={cx(
                    "inline-flex h-8 items-center gap-1.5 rounded-md border px-3 text-sm transition-colors",
                    s === status
                      ? "border-zinc-900 bg-zinc-900 text-white"
                      : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50",
                  )}
                >
                  {STATUS_LABELS[s]}
                  {customised && (
                    <span
                      className={cx(
                        "size-1.5 rounded-full",
                        s === status ? "bg-white" : "bg-blue-600",
                      )}
                      title="Customised"
                    />
                  )}
                </button>
              );
            })}
          </div>
          <div className="flex items-center gap-2">
            <label htmlFor="template-locale" className="text-sm text-zinc-700">
              Language
            </label>
            <Select
              id="template-locale"
              value={locale}
              onChange={(e) => {
                setLocale(e.target.value as Locale);
                setErrors({});
                setNotice(null);
              }}
            >
              {listed.locales.map((l) => {
                const customised = listed.templates.some(
                  (t) => t.locale === l.locale && t.customised,
                );
                return (
                  <option key={l.locale} value={l.locale}>
                    {l.name} ({l.locale}){customised ? " · customised" : ""}
                  </option>
                );
              })}
            </Select>
          </div>
        </div>
      </Card>

      {!canEdit && (
        <Callout tone="info">
          You can read and preview the templates. Only commanders and admins can change them.
        </Callout>
      )}

      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <form onSubmit={submit} noValidate>
          <Card
            title={`${STATUS_LABELS[status]} · ${listed.locales.find((l) => l.locale === locale)?.name}`}
            actions={
              saved.customised ? <Badge tone="blue">Customised</Badge> : <Badge>Default</Badge>
            }
          >
            <div className="space-y-5">
              <Field label="Subject" htmlFor="template-subject" error={errors.subject}>
                <Input
                  id="template-subject"
                  ref={(el) => {
                    fields.current.subject = el;
                  }}
                  value={draft.subject}
                  onChange={(e) => change("subject", e.target.value)}
                  onFocus={() => (lastField.current = "subject")}
                  disabled={!canEdit}
                  aria-invalid={Boolean(errors.subject)}
                />
              </Field>
              <Field
                label="Intro"
                htmlFor="template-intro"
                hint="Above the update. A blank line starts a new paragraph."
                error={errors.intro}
              >
                <TextArea
                  id="template-intro"
                  ref={(el) => {
                    fields.current.intro = el;
                  }}
                  rows={6}
                  value={draft.intro}
                  onChange={(value) => change("intro", value)}
                  onFocus={() => (lastField.current = "intro")}
                  disabled={!canEdit}
                  invalid={Boolean(errors.intro)}
                />
              </Field>
              <Field
                label="Outro"
                htmlFor="template-outro"
                hint="Below the update and the button to the customer's notice page."
                error={errors.outro}
              >
                <TextArea
                  id="template-outro"
                  ref={(el) => {
                    fields.current.outro = el;
                  }}
                  rows={5}
                  value={draft.outro}
                  onChange={(value) => change("outro", value)}
                  onFocus={() => (lastField.current = "outro")}
                  disabled={!canEdit}
                  invalid={Boolean(errors.outro)}
                />
              </Field>
              <div>
                <p className="text-sm font-medium text-zinc-800">Variables</p>
                <p className="mt-0.5 text-xs text-zinc-500">
                  {canEdit
                    ? "Click one to insert it where the cursor is. Each is filled in as plain text."
                    : "Each is filled in as plain text."}
                </p>
                <div className="mt-2 flex flex-wrap gap-1.5">
                  {listed.variables.map((v) => (
                    <button
                      key={v.name}
                      type="button"
                      title={v.description}
                      disabled={!canEdit}
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insertVariable(v.name)}
                      className="rounded border border-zinc-200 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-700 hover:border-zinc-400 hover:bg-white disabled:cursor-default disabled:hover:border-zinc-200 disabled:hover:bg-zinc-50"
                    >
                      {`{{${v.name}}}`}
                    </button>
                  ))}
                </div>
              </div>

              {canEdit && (
                <div className="flex flex-wrap items-center justify-end gap-3 border-t border-zinc-100 pt-4">
                  {generalError && (
                    <span className="mr-auto text-sm text-red-600" role="alert">
                      {generalError}
                    </span>
                  )}
                  {notice && !dirty && (
                    <span className="mr-auto text-sm text-emerald-700" role="status">
                      {notice}
                    </span>
                  )}
                  {!notice && !dirty && saved.updatedAt && (
                    <span className="mr-auto text-xs text-zinc-500">
                      Last changed {formatAgo(saved.updatedAt)}
                    </span>
                  )}
                  {dirty && (
                    <Button
                      type="button"
                      variant="ghost"
                      onClick={() => {
                        setDrafts(({ [key]: _discarded, ...rest }) => rest);
                        setErrors({});
                      }}
                    >
                      Discard
                    </Button>
                  )}
                  {saved.customised && !dirty && (
                    <Button
                      type="button"
                      variant="secondary"
                      loading={reset.isPending}
                      onClick={() => reset.mutate({ workspace: slug, status, locale })}
                    >
                      Reset to default
                    </Button>
                  )}
                  <Button type="submit" disabled={!dirty} loading={save.isPending}>
                    Save template
                  </Button>
                </div>
              )}
            </div>
          </Card>
        </form>

        <Preview slug={slug} status={status} locale={locale} draft={draft} />
      </div>
    </div>
  );
}

function Preview({
  slug,
  status,
  locale,
  draft,
}: {
  slug: string;
  status: Status;
  locale: Locale;
  draft: Draft;
}) {
  const trpc = useTRPC();
  const [tab, setTab] = useState<"html" | "text">("html");
  const [width, setWidth] = useState<600 | 390>(600);
  const [shown, setShown] = useState<Outputs["preview"] | null>(null);
  const preview = useMutation(trpc.templates.preview.mutationOptions());
  const { mutate } = preview;
  const input = JSON.stringify({ status, locale, ...draft });
  const debounced = useDebounced(input, 350);
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    mutate(
      { workspace: slug, ...(JSON.parse(debounced) as { status: Status; locale: Locale } & Draft) },
      // Only the newest answer is shown, whatever order they arrive in.
      { onSuccess: (data) => id === latest.current && setShown(data) },
    );
  }, [debounced, slug, mutate]);

  return (
    <Card
      title="Preview"
      description={shown?.sample ?? "The email as a customer gets it."}
      actions={
        (preview.isPending || input !== debounced) && (
          <span className="flex items-center gap-1.5 text-xs text-zinc-500">
            <Spinner className="size-3.5" /> Updating
          </span>
        )
      }
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="tablist" aria-label="Part of the email" className="flex gap-1">
          {(
            [
              ["html", "Email"],
              ["text", "Plain text"],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={tab === value}
              onClick={() => setTab(value)}
              className={cx(
                "rounded-md px-2.5 py-1 text-sm",
                tab === value
                  ? "bg-zinc-100 font-medium text-zinc-900"
                  : "text-zinc-600 hover:text-zinc-900",
              )}
            >
              {label}
            </button>
          ))}
        </div>
        {tab === "html" && (
          <Select
            aria-label="Width"
            value={width}
            onChange={(e) => setWidth(Number(e.target.value) as 600 | 390)}
          >
            <option value={600}>Desktop (600 px)</option>
            <option value={390}>Phone (390 px)</option>
          </Select>
        )}
      </div>

      {preview.isError && !shown ? (
        <ErrorState message={preview.error.message} />
      ) : !shown ? (
        <Skeleton className="mt-4 h-[560px] w-full" />
      ) : (
        <div className="mt-4 space-y-3">
          {preview.isError && (
            <Callout tone="error">
              The preview could not be updated: {preview.error.message}
            </Callout>
          )}
          <div className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm">
            <span className="text-zinc-500">Subject: </span>
            <span className="font-medium text-zinc-900" data-testid="preview-subject">
              {shown.subject}
            </span>
          </div>
          {tab === "html" ? (
            <ScaledFrame html={shown.html} width={width} />
          ) : (
            <pre className="h-[560px] overflow-auto whitespace-pre-wrap break-words rounded-md border border-zinc-200 bg-white p-3 font-mono text-xs leading-5 text-zinc-800">
              {shown.text}
            </pre>
          )}
        </div>
      )}
    </Card>
  );
}

const FRAME_HEIGHT = 720;

/**
 * The email at its real width (600 or 390 px), scaled down as a whole when the column is
 * narrower, as a mail client's zoomed-out view would show it. `sandbox=""`: no script, no
 * form, no navigation of this page from inside the email.
 */
function ScaledFrame({ html, width }: { html: string; width: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(width);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setAvailable(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const scale = Math.min(1, available / width);
  return (
    <div ref={box} className="overflow-hidden rounded-md border border-zinc-200 bg-zinc-100">
      <div style={{ width: width * scale, height: FRAME_HEIGHT * scale }} className="mx-auto">
        <iframe
          title="Email preview"
          sandbox=""
          srcDoc={html}
          style={{
            width,
            height: FRAME_HEIGHT,
            transform: `scale(${scale})`,
            transformOrigin: "top left",
          }}
          className="block bg-white"
        />
      </div>
    </div>
  );
}

function TextArea({
  ref,
  value,
  onChange,
  invalid,
  ...props
}: {
  ref: (el: HTMLTextAreaElement | null) => void;
  id: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
  onFocus: () => void;
  disabled: boolean;
  invalid: boolean;
}) {
  return (
    <textarea
      ref={ref}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={invalid}
      className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm leading-6 placeholder:text-zinc-500 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200 disabled:bg-zinc-100"
      {...props}
    />
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function TemplatesSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading templates">
      <Card>
        <Skeleton className="h-8 w-96 max-w-full" />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        {[0, 1].map((i) => (
          <Card key={i}>
            <div className="space-y-3">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-32 w-full" />
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}
