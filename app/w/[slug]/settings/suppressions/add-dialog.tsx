"use client";
/** An admin puts an address on the suppression list by hand, with an optional note. */
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Button, Field, Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function AddSuppressionDialog({
  slug,
  onClose,
  onAdded,
}: {
  slug: string;
  onClose: () => void;
  onAdded: () => void;
}) {
  const trpc = useTRPC();
  const [address, setAddress] = useState("");
  const [note, setNote] = useState("");
  const [touched, setTouched] = useState(false);
  const add = useMutation(
    trpc.suppressions.add.mutationOptions({
      onSuccess: () => {
        onAdded();
        onClose();
      },
    }),
  );
  const localError =
    touched && !EMAIL.test(address.trim())
      ? "Enter a valid email address, like name@example.com."
      : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!EMAIL.test(address.trim())) return;
    add.mutate({ workspace: slug, address: address.trim(), note: note.trim() || null });
  }
  return (
    <Dialog
      open
      onClose={onClose}
      title="Add an address to the suppression list"
      description="No later update will be sent to it until an admin removes it again."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field
          label="Email address"
          htmlFor="suppression-address"
          error={localError ?? add.error?.message}
        >
          <Input
            id="suppression-address"
            type="email"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            onBlur={() => setTouched(true)}
            placeholder="name@example.com"
            maxLength={254}
            autoFocus
          />
        </Field>
        <Field
          label="Note (optional)"
          htmlFor="suppression-note"
          hint="Why: shown in the list's detail."
        >
          <Input
            id="suppression-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="Asked not to be contacted"
            maxLength={500}
          />
        </Field>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose} disabled={add.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} data-testid="confirm-add-suppression">
            Add address
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
