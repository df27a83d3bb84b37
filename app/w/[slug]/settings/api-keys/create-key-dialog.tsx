"use client";
/** Name + scopes → the new key, shown once in a copy box with a warning. */
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { CopyField } from "@/app/_components/copy-field";
import { Callout, Field, Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { firstEventsCurl } from "../../incidents/first-events";
import {
  CreateCredentialForm,
  ShownOnceDialog,
  type CreateCredentialDialogProps,
} from "../credentials";

const SCOPES = [
  {
    value: "ingest",
    label: "ingest",
    description: "Send error events and customers: POST /api/v1/events, PUT /api/v1/customers.",
  },
  {
    value: "read",
    label: "read",
    description: "Read incidents and their affected customers: GET /api/v1/incidents….",
  },
  {
    value: "notify",
    label: "notify",
    description:
      "Post status updates to an incident's customers and read their delivery: POST and GET /api/v1/incidents/{id}/updates. Large updates still wait for a commander's approval.",
  },
] as const;
type Scope = (typeof SCOPES)[number]["value"];

export function CreateKeyDialog({ slug, open, onClose, onCreated }: CreateCredentialDialogProps) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["ingest"]);
  const [errors, setErrors] = useState<{ name?: string; scopes?: string }>({});
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: onCreated,
      onError: (err) => {
        const next: typeof errors = {};
        for (const issue of err.data?.zodIssues ?? []) {
          const field = issue.path[0];
          if ((field === "name" || field === "scopes") && !next[field]) next[field] = issue.message;
        }
        setErrors(next);
      },
    }),
  );

  function close() {
    // The key is gone for good once the dialog closes.
    create.reset();
    setName("");
    setScopes(["ingest"]);
    setErrors({});
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    create.mutate({ workspace: slug, name, scopes });
  }

  if (create.data) {
    return (
      <ShownOnceDialog
        open={open}
        onClose={close}
        title="Copy your API key now"
        description={`“${create.data.name}” was created with the ${formatList(create.data.scopes)} ${create.data.scopes.length === 1 ? "scope" : "scopes"}.`}
        warning="This is the only time the key is shown. Store it in your secret manager; if it is lost, revoke it and create a new one."
        closeLabel="I have copied the key"
      >
        <CopyField value={create.data.key} ariaLabel="API key" testId="api-key-secret" />
        {create.data.scopes.includes("ingest") && (
          <pre className="whitespace-pre-wrap break-all rounded-md bg-zinc-900 px-3 py-2 text-xs leading-relaxed text-zinc-100">
            {firstEventsCurl(window.location.origin, create.data.key)}
          </pre>
        )}
      </ShownOnceDialog>
    );
  }

  return (
    <CreateCredentialForm
      open={open}
      onClose={close}
      title="Create API key"
      description="Give the key a name that says where it is used, and only the scopes it needs."
      onSubmit={submit}
      submitLabel="Create key"
      pending={create.isPending}
    >
      <Field label="Name" htmlFor="api-key-name" error={errors.name}>
        <Input
          id="api-key-name"
          placeholder="e.g. checkout-service production"
          autoFocus
          maxLength={80}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((er) => ({ ...er, name: undefined }));
          }}
        />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Scopes</legend>
        <div className="mt-2 space-y-2">
          {SCOPES.map((s) => (
            <label
              key={s.value}
              className="flex cursor-pointer items-start gap-3 rounded-md border border-zinc-200 px-3 py-2.5 hover:bg-zinc-50 has-[:checked]:border-zinc-400 has-[:checked]:bg-zinc-50"
            >
              <input
                type="checkbox"
                name="scopes"
                value={s.value}
                className="mt-0.5 size-4 accent-zinc-900"
                checked={scopes.includes(s.value)}
                onChange={(e) => {
                  setScopes((cur) =>
                    e.target.checked ? [...cur, s.value] : cur.filter((x) => x !== s.value),
                  );
                  setErrors((er) => ({ ...er, scopes: undefined }));
                }}
              />
              <span>
                <span className="block font-mono text-sm font-medium text-zinc-900">{s.label}</span>
                <span className="block text-xs text-zinc-500">{s.description}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.scopes && (
          <p className="mt-1.5 text-xs text-red-600" role="alert">
            {errors.scopes}
          </p>
        )}
      </fieldset>
      {create.error && !errors.name && !errors.scopes && (
        <Callout tone="error">{create.error.message}</Callout>
      )}
    </CreateCredentialForm>
  );
}

/** "ingest", "ingest and read", "ingest, read and notify". */
function formatList(items: string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
