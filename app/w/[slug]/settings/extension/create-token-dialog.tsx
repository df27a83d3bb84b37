"use client";
/** A name → the new agent token, shown once with the server address to paste beside it. */
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { CopyField } from "@/app/_components/copy-field";
import { Callout, Field, Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import {
  CreateCredentialForm,
  ShownOnceDialog,
  type CreateCredentialDialogProps,
} from "../credentials";
import { browserName } from "./browser-name";

export function CreateTokenDialog({ slug, open, onClose, onCreated }: CreateCredentialDialogProps) {
  const trpc = useTRPC();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.extensionTokens.create.mutationOptions({
      onSuccess: onCreated,
      onError: (err) => setError(err.data?.zodIssues?.[0]?.message ?? err.message),
    }),
  );
  const shownName = name ?? browserName();

  function close() {
    // The token is gone for good once the dialog closes.
    create.reset();
    setName(null);
    setError(null);
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    create.mutate({ workspace: slug, name: shownName });
  }

  if (create.data) {
    return (
      <ShownOnceDialog
        open={open}
        onClose={close}
        title="Paste this token into the extension"
        description={`“${create.data.name}” acts as you, with your role in this workspace.`}
        warning="This is the only time the token is shown. If it is lost, revoke it and create another."
        closeLabel="I have pasted the token"
      >
        <Field label="Server address">
          <CopyField value={window.location.origin} ariaLabel="Server address" />
        </Field>
        <Field label="Token">
          <CopyField
            value={create.data.token}
            ariaLabel="Extension token"
            testId="extension-token-secret"
          />
        </Field>
      </ShownOnceDialog>
    );
  }

  return (
    <CreateCredentialForm
      open={open}
      onClose={close}
      title="Create extension token"
      description="For the browser you will paste it into. Connecting from the extension's options makes one for you."
      onSubmit={submit}
      submitLabel="Create token"
      pending={create.isPending}
    >
      <Field label="Name" htmlFor="extension-token-name" error={error}>
        <Input
          id="extension-token-name"
          autoFocus
          maxLength={80}
          value={shownName}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
      </Field>
      {create.error && !error && <Callout tone="error">{create.error.message}</Callout>}
    </CreateCredentialForm>
  );
}
