"use client";
/** Settings → API keys (admins): create (the key is shown once), list with last use, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { DataTable } from "@/app/_components/data-table";
import { ConfirmDialog } from "@/app/_components/dialog";
import { Badge, Button, Card, EmptyState, ErrorState } from "@/app/_components/ui";
import { formatAgo, formatDateTime } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { NoAccess } from "../no-access";
import { CreateKeyDialog } from "./create-key-dialog";

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function ApiKeys({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.apiKeys.list.queryKey({ workspace: slug });
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ workspace: slug }));
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<KeyRow | null>(null);

  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => setRevoking(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
    }),
  );

  const columns: ColumnDef<KeyRow, unknown>[] = [
    {
      header: "Name",
      accessorKey: "name",
      cell: ({ row }) => (
        <span className={row.original.revokedAt ? "text-zinc-500" : "font-medium text-zinc-900"}>
          {row.original.name}
        </span>
      ),
    },
    {
      header: "Key",
      accessorKey: "prefix",
      cell: ({ row }) => (
        <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">
          {row.original.prefix}…
        </code>
      ),
    },
    {
      header: "Scopes",
      accessorKey: "scopes",
      cell: ({ row }) => (
        <div className="flex gap-1">
          {row.original.scopes.map((s) => (
            <Badge key={s} tone={s === "ingest" ? "blue" : "neutral"}>
              {s}
            </Badge>
          ))}
        </div>
      ),
    },
    {
      header: "Created by",
      accessorKey: "createdBy",
      cell: ({ row }) => (
        <span
          className="block max-w-40 truncate text-zinc-600"
          title={row.original.createdBy ?? undefined}
        >
          {row.original.createdBy ?? "—"}
        </span>
      ),
    },
    {
      header: "Created",
      accessorKey: "createdAt",
      cell: ({ row }) => (
        <span className="text-zinc-500" title={formatDateTime(row.original.createdAt)}>
          {formatAgo(row.original.createdAt)}
        </span>
      ),
    },
    {
      header: "Last used",
      accessorKey: "lastUsedAt",
      cell: ({ row }) =>
        row.original.lastUsedAt ? (
          <span className="text-zinc-600" title={formatDateTime(row.original.lastUsedAt)}>
            {formatAgo(row.original.lastUsedAt)}
          </span>
        ) : (
          <span className="text-zinc-500">Never</span>
        ),
    },
    {
      header: "Status",
      id: "status",
      cell: ({ row }) =>
        row.original.revokedAt ? (
          <span title={`Revoked ${formatDateTime(row.original.revokedAt)}`}>
            <Badge tone="neutral">Revoked</Badge>
          </span>
        ) : (
          <Badge tone="green">Active</Badge>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        row.original.revokedAt ? null : (
          <div className="text-right">
            <Button
              variant="ghost"
              size="sm"

              onClick={() => {
                revoke.reset();
                setRevoking(row.original);
              }}
            >
              Revoke
            </Button>
          </div>
        ),
    },
  ];

  if (keys.isError && keys.error.data?.code === "FORBIDDEN") {
    return <NoAccess what="API keys" needs="admins" />;
  }

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus className="size-4" /> Create API key
    </Button>
  );

  return (
    <>
      <Card
        padded={false}
        title="API keys"
        description={
          <>
            Programs use a key to send error events and customers (scope <code>ingest</code>) or to
            read incidents (scope <code>read</code>) through the REST API.
          </>
        }
        actions={keys.data && keys.data.length > 0 ? createButton : undefined}
      >
        {keys.isError ? (
          <ErrorState message={keys.error.message} onRetry={() => keys.refetch()} />
        ) : (
          <DataTable
            columns={columns}
            data={keys.data ?? []}
            loading={keys.isPending}
            getRowId={(k) => k.id}
            empty={
              <EmptyState
                icon={<KeyRound className="size-6" />}
                title="No API keys yet"
                description="Create a key with the ingest scope and send your services' errors to POST /api/v1/events."
                action={createButton}
              />
            }
          />
        )}
      </Card>
      <CreateKeyDialog
        slug={slug}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => queryClient.invalidateQueries({ queryKey: listKey })}
      />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name}”?`}
        description={
          <>
            Anything using the key <code className="font-mono">{revoking?.prefix}…</code> is refused
            from now on. This cannot be undone; create a new key to replace it.
          </>
        }
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate({ workspace: slug, id: revoking.id })}
      />
    </>
  );
}
