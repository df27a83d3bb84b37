"use client";
/**
 * Settings → Extension: the agent tokens of the support extension. Every member sees and
 * revokes their own and creates one to paste; admins see and revoke everyone's.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Plus, Puzzle } from "lucide-react";
import { useState } from "react";
import { DataTable } from "@/app/_components/data-table";
import { ConfirmDialog } from "@/app/_components/dialog";
import { Badge, Button, Card, EmptyState, ErrorState } from "@/app/_components/ui";
import { formatAgo, formatDateTime } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { CreateTokenDialog } from "./create-token-dialog";

/** Columns beyond the name show from this width; below it, the name cell carries them. */
const WIDE = "hidden md:table-cell";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  origin: string;
  owner: { id: string; name: string; email: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  isYours: boolean;
}

export function ExtensionTokens({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.extensionTokens.list.queryKey({ workspace: slug });
  const tokens = useQuery(trpc.extensionTokens.list.queryOptions({ workspace: slug }));
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const everyone = tokens.data?.everyone ?? false;

  const revoke = useMutation(
    trpc.extensionTokens.revoke.mutationOptions({
      onSuccess: () => setRevoking(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
    }),
  );

  const columns: ColumnDef<TokenRow, unknown>[] = [
    {
      header: "Name",
      accessorKey: "name",
      cell: ({ row: { original: t } }) => (
        <div className="min-w-0 whitespace-normal">
          <span className={t.revokedAt ? "text-zinc-500" : "font-medium text-zinc-900"}>
            {t.name}
          </span>
          <code className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">
            {t.prefix}…
          </code>
          {/* What the wide columns say, stacked for narrow screens. */}
          <p className="mt-0.5 text-xs text-zinc-500 md:hidden">
            {[
              everyone ? (t.isYours ? "You" : t.owner.name) : null,
              t.revokedAt ? "Revoked" : null,
              t.lastUsedAt ? `used ${formatAgo(t.lastUsedAt)}` : "never used",
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
      ),
    },
    ...(everyone
      ? [
          {
            header: "Agent",
            meta: { className: WIDE },
            id: "owner",
            cell: ({ row: { original: t } }: { row: { original: TokenRow } }) => (
              <span className="block max-w-48 truncate text-zinc-600" title={t.owner.email}>
                {t.isYours ? "You" : t.owner.name}
              </span>
            ),
          } satisfies ColumnDef<TokenRow, unknown>,
        ]
      : []),
    {
      header: "How",
      meta: { className: WIDE },
      accessorKey: "origin",
      cell: ({ row: { original: t } }) => (
        <span className="text-zinc-600">{t.origin === "connect" ? "Connected" : "Pasted"}</span>
      ),
    },
    {
      header: "Created",
      meta: { className: WIDE },
      accessorKey: "createdAt",
      cell: ({ row: { original: t } }) => (
        <span className="text-zinc-500" title={formatDateTime(t.createdAt)}>
          {formatAgo(t.createdAt)}
        </span>
      ),
    },
    {
      header: "Last used",
      meta: { className: WIDE },
      accessorKey: "lastUsedAt",
      cell: ({ row: { original: t } }) =>
        t.lastUsedAt ? (
          <span className="text-zinc-600" title={formatDateTime(t.lastUsedAt)}>
            {formatAgo(t.lastUsedAt)}
          </span>
        ) : (
          <span className="text-zinc-500">Never</span>
        ),
    },
    {
      header: "Status",
      meta: { className: WIDE },
      id: "status",
      cell: ({ row: { original: t } }) =>
        t.revokedAt ? (
          <span title={`Revoked ${formatDateTime(t.revokedAt)}`}>
            <Badge tone="neutral">Revoked</Badge>
          </span>
        ) : (
          <Badge tone="green">Active</Badge>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: t } }) =>
        t.revokedAt ? null : (
          <div className="text-right">
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Revoke ${t.name}`}
              onClick={() => {
                revoke.reset();
                setRevoking(t);
              }}
            >
              Revoke
            </Button>
          </div>
        ),
    },
  ];

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus className="size-4" /> Create token
    </Button>
  );

  return (
    <>
      <Card
        padded={false}
        title="Support extension"
        description={
          everyone
            ? "Agents' tokens for the browser extension that flags affected customers in the help desk. As an admin you see everyone's."
            : "Your tokens for the browser extension that flags affected customers in your help desk. Each acts with your role in this workspace."
        }
        actions={tokens.data && tokens.data.tokens.length > 0 ? createButton : undefined}
      >
        {tokens.isError ? (
          <ErrorState message={tokens.error.message} onRetry={() => tokens.refetch()} />
        ) : (
          <DataTable
            columns={columns}
            data={tokens.data?.tokens ?? []}
            loading={tokens.isPending}
            getRowId={(t) => t.id}
            empty={
              <EmptyState
                icon={<Puzzle className="size-6" />}
                title="No extension connected yet"
                description="In the extension's options, enter this server's address and press Connect; or create a token here and paste it there."
                action={createButton}
              />
            }
          />
        )}
      </Card>
      <CreateTokenDialog
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
            {revoking && !revoking.isYours ? `${revoking.owner.name}'s extension` : "The extension"}{" "}
            using <code className="font-mono">{revoking?.prefix}…</code> is signed out at its next
            request. This cannot be undone; connect again to get a new token.
          </>
        }
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate({ workspace: slug, id: revoking.id })}
      />
    </>
  );
}
