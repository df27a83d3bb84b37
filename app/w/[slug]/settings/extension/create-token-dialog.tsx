"use client";
/** A name → the new agent token, shown once with the server address to paste beside it. */
import { useMutation } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { CopyField } from "@/app/_components/copy-field";
import { Dialog } from "@/app/_components/dialog";
import { Button, Callout, Field, Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { browserName } from "./browser-name";

export function CreateTokenDialog({
  slug,
  open,
  onClose,
  onCreated,
}: {
  slug: string;
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
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
      <Dialog
        open={open}
        onClose={close}
        title="Paste this token into the extension"
        description={`“${create.data.name}” acts as you, with your role in this workspace.`}
        footer={<Button onClick={close}>I have pasted the token</Button>}
      >
        <div className="space-y-4">
          <div className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <TriangleAlert className="mt-0.5 size-4 shrink-0" />
            <p>
              This is the only time the token is shown. If it is lost, revoke it and create another.
            </p>
          </div>
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
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Create extension token"
      description="For the browser you will paste it into. Connecting from the extension's options makes one for you."
    >
      <form onSubmit={submit} className="space-y-5">
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
        <div className="flex justify-end gap-2 border-t border-zinc-100 pt-4">
          <Button type="button" variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
