"use client";
/**
 * What Settings → API keys and Settings → Extension share: both list credentials whose secret
 * is shown once, then known by a prefix, with when they were made and last used, whether they
 * are revoked, and a Revoke button behind a confirmation.
 */
import type { ColumnDef } from "@tanstack/react-table";
import { Plus, TriangleAlert } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { DataTable } from "@/app/_components/data-table";
import { ConfirmDialog, Dialog } from "@/app/_components/dialog";
import { Badge, Button, Card, cx, EmptyState, ErrorState } from "@/app/_components/ui";
import { formatAgo, formatDateTime } from "@/app/_lib/format";

/** The fields every credential row has, whatever else its page shows. */
export interface Credential {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The public part of a secret: its prefix and an ellipsis. */
export function Prefix({ prefix, className }: { prefix: string; className?: string }) {
  return (
    <code
      className={cx("rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700", className)}
    >
      {prefix}…
    </code>
  );
}

/**
 * The trailing columns: Created, Last used, Status and the Revoke button (none once revoked).
 * `className` goes on the first three, e.g. to hide them on narrow screens.
 */
export function credentialColumns<T extends Credential>({
  onRevoke,
  className,
}: {
  onRevoke: (row: T) => void;
  className?: string;
}): ColumnDef<T, unknown>[] {
  const meta = className ? { className } : undefined;
  return [
    {
      header: "Created",
      meta,
      accessorKey: "createdAt",
      cell: ({ row: { original: c } }) => (
        <span className="text-zinc-500" title={formatDateTime(c.createdAt)}>
          {formatAgo(c.createdAt)}
        </span>
      ),
    },
    {
      header: "Last used",
      meta,
      accessorKey: "lastUsedAt",
      cell: ({ row: { original: c } }) =>
        c.lastUsedAt ? (
          <span className="text-zinc-600" title={formatDateTime(c.lastUsedAt)}>
            {formatAgo(c.lastUsedAt)}
          </span>
        ) : (
          <span className="text-zinc-500">Never</span>
        ),
    },
    {
      header: "Status",
      meta,
      id: "status",
      cell: ({ row: { original: c } }) =>
        c.revokedAt ? (
          <span title={`Revoked ${formatDateTime(c.revokedAt)}`}>
            <Badge tone="neutral">Revoked</Badge>
          </span>
        ) : (
          <Badge tone="green">Active</Badge>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: c } }) =>
        c.revokedAt ? null : (
          <div className="text-right">
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Revoke ${c.name}`}
              onClick={() => onRevoke(c)}
            >
              Revoke
            </Button>
          </div>
        ),
    },
  ];
}

/** The create dialog's own props: whether it is open, and how it closes. */
export interface CreateDialogState {
  open: boolean;
  onClose: () => void;
}

/** What a page gives its create dialog. */
export interface CreateCredentialDialogProps extends CreateDialogState {
  slug: string;
  onCreated: () => void;
}

/**
 * The page's card: the credentials in a table (or what went wrong loading them, with a retry),
 * and the Create button — in the header once there are rows, in the empty state until then —
 * with the dialog it opens.
 */
export function CredentialsCard<T extends Credential>({
  title,
  description,
  query,
  rows,
  columns,
  createLabel,
  createDialog,
  empty,
}: {
  title: string;
  description: ReactNode;
  query: {
    isError: boolean;
    isPending: boolean;
    error: { message: string } | null;
    refetch: () => unknown;
  };
  rows: T[] | undefined;
  columns: ColumnDef<T, unknown>[];
  createLabel: string;
  createDialog: (dialog: CreateDialogState) => ReactNode;
  /** What the empty state says before the first one is created. */
  empty: { icon: ReactNode; title: string; description: string };
}) {
  const [creating, setCreating] = useState(false);
  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus className="size-4" /> {createLabel}
    </Button>
  );
  return (
    <>
      <Card
        padded={false}
        title={title}
        description={description}
        actions={rows && rows.length > 0 ? createButton : undefined}
      >
        {query.isError ? (
          <ErrorState message={query.error?.message} onRetry={() => query.refetch()} />
        ) : (
          <DataTable
            columns={columns}
            data={rows ?? []}
            loading={query.isPending}
            getRowId={(c) => c.id}
            empty={<EmptyState {...empty} action={createButton} />}
          />
        )}
      </Card>
      {createDialog({ open: creating, onClose: () => setCreating(false) })}
    </>
  );
}

/** The create dialog's form: its fields, then Cancel and the submit button. */
export function CreateCredentialForm({
  open,
  onClose,
  title,
  description,
  onSubmit,
  submitLabel,
  pending,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: string;
  onSubmit: (e: FormEvent) => void;
  submitLabel: string;
  pending: boolean;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <form onSubmit={onSubmit} className="space-y-5">
        {children}
        <div className="flex justify-end gap-2 border-t border-zinc-100 pt-4">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * A new credential's secret, with the warning that this is the only time it is shown; the
 * close button's label says what the person should have done with it.
 */
export function ShownOnceDialog({
  open,
  onClose,
  title,
  description,
  warning,
  closeLabel,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: string;
  warning: ReactNode;
  closeLabel: string;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      footer={<Button onClick={onClose}>{closeLabel}</Button>}
    >
      <div className="space-y-4">
        <div className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" />
          <p>{warning}</p>
        </div>
        {children}
      </div>
    </Dialog>
  );
}

/** "Revoke “name”?" for the credential being revoked (open while `revoking` is set). */
export function RevokeDialog<T extends Credential>({
  revoking,
  onClose,
  description,
  confirmLabel,
  revoke,
  onConfirm,
}: {
  revoking: T | null;
  onClose: () => void;
  /** What stops working, and how to replace it. */
  description: (revoking: T) => ReactNode;
  confirmLabel: string;
  revoke: { isPending: boolean; error: { message: string } | null };
  onConfirm: (revoking: T) => void;
}) {
  return (
    <ConfirmDialog
      open={revoking !== null}
      onClose={onClose}
      title={`Revoke “${revoking?.name}”?`}
      description={revoking && description(revoking)}
      confirmLabel={confirmLabel}
      pending={revoke.isPending}
      error={revoke.error?.message}
      onConfirm={() => revoking && onConfirm(revoking)}
    />
  );
}
