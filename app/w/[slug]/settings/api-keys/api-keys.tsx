"use client";
/** Settings → API keys (admins): create (the key is shown once), list with last use, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { CredentialsCard, Prefix, RevokeDialog, credentialColumns } from "../credentials";
import { NoAccess } from "../no-access";
import { CreateKeyDialog } from "./create-key-dialog";

type KeyRow = inferRouterOutputs<AppRouter>["apiKeys"]["list"][number];

export function ApiKeys({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.apiKeys.list.queryKey({ workspace: slug });
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ workspace: slug }));
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
      cell: ({ row: { original: k } }) => (
        <div className="min-w-0 whitespace-normal">
          <span className={k.revokedAt ? "text-zinc-500" : "font-medium text-zinc-900"}>
            {k.name}
          </span>
          <Prefix prefix={k.prefix} className="ml-2" />
        </div>
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
      // The widest optional column: shown where the table has room for it.
      meta: { className: "hidden xl:table-cell" },
      cell: ({ row }) => (
        <span
          className="block max-w-40 truncate text-zinc-600"
          title={row.original.createdBy ?? undefined}
        >
          {row.original.createdBy ?? "—"}
        </span>
      ),
    },
    ...credentialColumns<KeyRow>({
      onRevoke: (k) => {
        revoke.reset();
        setRevoking(k);
      },
    }),
  ];

  if (keys.isError && keys.error.data?.code === "FORBIDDEN") {
    return <NoAccess what="API keys" needs="admins" />;
  }

  return (
    <>
      <CredentialsCard
        title="API keys"
        description={
          <>
            Programs use a key to send error events and customers (scope <code>ingest</code>) or to
            read incidents (scope <code>read</code>) through the REST API.
          </>
        }
        query={keys}
        rows={keys.data}
        columns={columns}
        createLabel="Create API key"
        createDialog={(dialog) => (
          <CreateKeyDialog
            slug={slug}
            {...dialog}
            onCreated={() => queryClient.invalidateQueries({ queryKey: listKey })}
          />
        )}
        empty={{
          icon: <KeyRound className="size-6" />,
          title: "No API keys yet",
          description:
            "Create a key with the ingest scope and send your services' errors to POST /api/v1/events.",
        }}
      />
      <RevokeDialog
        revoking={revoking}
        onClose={() => setRevoking(null)}
        description={(k) => (
          <>
            Anything using the key <code className="font-mono">{k.prefix}…</code> is refused from
            now on. This cannot be undone; create a new key to replace it.
          </>
        )}
        confirmLabel="Revoke key"
        revoke={revoke}
        onConfirm={(k) => revoke.mutate({ workspace: slug, id: k.id })}
      />
    </>
  );
}
