"use client";
/**
 * Settings → Extension: the agent tokens of the support extension. Every member sees and
 * revokes their own and creates one to paste; admins see and revoke everyone's.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { Puzzle } from "lucide-react";
import { useState } from "react";
import { formatAgo } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { CredentialsCard, Prefix, RevokeDialog, credentialColumns } from "../credentials";
import { CreateTokenDialog } from "./create-token-dialog";

/** Columns beyond the name show from this width; below it, the name cell carries them. */
const WIDE = "hidden md:table-cell";

type TokenRow = inferRouterOutputs<AppRouter>["extensionTokens"]["list"]["tokens"][number];

export function ExtensionTokens({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.extensionTokens.list.queryKey({ workspace: slug });
  const tokens = useQuery(trpc.extensionTokens.list.queryOptions({ workspace: slug }));
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
          <Prefix prefix={t.prefix} className="ml-2" />
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
    ...credentialColumns<TokenRow>({
      className: WIDE,
      onRevoke: (t) => {
        revoke.reset();
        setRevoking(t);
      },
    }),
  ];

  return (
    <>
      <CredentialsCard
        title="Support extension"
        description={
          everyone
            ? "Agents' tokens for the browser extension that flags affected customers in the help desk. As an admin you see everyone's."
            : "Your tokens for the browser extension that flags affected customers in your help desk. Each acts with your role in this workspace."
        }
        query={tokens}
        rows={tokens.data?.tokens}
        columns={columns}
        createLabel="Create token"
        createDialog={(dialog) => (
          <CreateTokenDialog
            slug={slug}
            {...dialog}
            onCreated={() => queryClient.invalidateQueries({ queryKey: listKey })}
          />
        )}
        empty={{
          icon: <Puzzle className="size-6" />,
          title: "No extension connected yet",
          description:
            "In the extension's options, enter this server's address and press Connect; or create a token here and paste it there.",
        }}
      />
      <RevokeDialog
        revoking={revoking}
        onClose={() => setRevoking(null)}
        description={(t) => (
          <>
            {t.isYours ? "The extension" : `${t.owner.name}'s extension`} using{" "}
            <code className="font-mono">{t.prefix}…</code> is signed out at its next request. This
            cannot be undone; connect again to get a new token.
          </>
        )}
        confirmLabel="Revoke token"
        revoke={revoke}
        onConfirm={(t) => revoke.mutate({ workspace: slug, id: t.id })}
      />
    </>
  );
}
