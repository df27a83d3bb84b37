"use client";
/** The member list: everyone sees it; admins change roles and remove members. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DataTable } from "@/app/_components/data-table";
import { ConfirmDialog } from "@/app/_components/dialog";
import { Badge, Button, Callout, Card, ErrorState, Select } from "@/app/_components/ui";
import { formatAgo, formatDateTime, plural } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/server/auth/roles";

interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
  isYou: boolean;
}

export function MembersCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const listKey = trpc.workspace.members.list.queryKey({ workspace: slug });
  const list = useQuery(trpc.workspace.members.list.queryOptions({ workspace: slug }));
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);

  const changeRole = useMutation(
    trpc.workspace.members.changeRole.mutationOptions({
      onMutate: () => setError(null),
      onError: (err) => setError(err.message),
      onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
      onSuccess: (_, vars) => {
        // Changing your own role changes what the app shows you.
        if (list.data?.members.find((m) => m.id === vars.memberId)?.isYou) router.refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.workspace.members.remove.mutationOptions({
      onSuccess: (_, vars) => {
        const wasYou = list.data?.members.find((m) => m.id === vars.memberId)?.isYou;
        setRemoving(null);
        if (wasYou) {
          router.push("/");
          router.refresh();
        }
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
    }),
  );

  const canManage = list.data?.canManage ?? false;
  // The server refuses to demote or remove the last admin; the page does not offer it.
  const adminCount = list.data?.members.filter((m) => m.role === "admin").length ?? 0;
  const isLastAdmin = (m: MemberRow) => m.role === "admin" && adminCount <= 1;
  const columns: ColumnDef<MemberRow, unknown>[] = [
    {
      header: "Name",
      accessorKey: "name",
      cell: ({ row }) => (
        <span className="font-medium text-zinc-900">
          {row.original.name}
          {row.original.isYou && (
            <Badge className="ml-2" tone="neutral">
              You
            </Badge>
          )}
        </span>
      ),
    },
    {
      header: "Email",
      accessorKey: "email",
      cell: ({ row }) => <span className="text-zinc-600">{row.original.email}</span>,
    },
    {
      header: "Role",
      accessorKey: "role",
      cell: ({ row }) =>
        canManage && !isLastAdmin(row.original) ? (
          <Select
            aria-label={`Role of ${row.original.name}`}
            value={row.original.role}
            disabled={changeRole.isPending}
            onChange={(e) =>
              changeRole.mutate({
                workspace: slug,
                memberId: row.original.id,
                role: e.target.value as Role,
              })
            }
            className="h-8 capitalize"
          >
            {ROLES.map((r) => (
              <option key={r} value={r} className="capitalize">
                {r}
              </option>
            ))}
          </Select>
        ) : (
          <span
            title={
              canManage
                ? "The only admin keeps the admin role. Make someone else an admin first."
                : undefined
            }
          >
            <RoleBadge role={row.original.role} />
          </span>
        ),
    },
    {
      header: "Joined",
      accessorKey: "joinedAt",
      cell: ({ row }) => (
        <span className="text-zinc-500" title={formatDateTime(row.original.joinedAt)}>
          {formatAgo(row.original.joinedAt)}
        </span>
      ),
    },
    ...(canManage
      ? [
          {
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: ({ row }: { row: { original: MemberRow } }) =>
              isLastAdmin(row.original) ? (
                <span className="block text-right text-xs text-zinc-500">Only admin</span>
              ) : (
                <div className="text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => {
                      remove.reset();
                      setRemoving(row.original);
                    }}
                  >
                    {row.original.isYou ? "Leave" : "Remove"}
                  </Button>
                </div>
              ),
          } satisfies ColumnDef<MemberRow, unknown>,
        ]
      : []),
  ];

  return (
    <Card
      padded={false}
      title="Members"
      description={list.data ? plural(list.data.members.length, "member") : "Loading…"}
    >
      {error && (
        <div className="border-b border-zinc-100 px-4 py-3">
          <Callout tone="error">{error}</Callout>
        </div>
      )}
      {list.isError ? (
        <ErrorState message={list.error.message} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          columns={columns}
          data={list.data?.members ?? []}
          loading={list.isPending}
          getRowId={(m) => m.id}
        />
      )}
      {list.data && !canManage && (
        <p className="border-t border-zinc-100 px-4 py-3 text-xs text-zinc-500">
          Only admins can invite people, change roles or remove members.
        </p>
      )}
      <RoleLegend />
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing?.isYou ? "Leave this workspace?" : `Remove ${removing?.name}?`}
        description={
          removing?.isYou
            ? "You will lose access to this workspace at once. An admin can invite you again."
            : `${removing?.name} (${removing?.email}) will lose access to this workspace at once. You can invite them again later.`
        }
        confirmLabel={removing?.isYou ? "Leave workspace" : "Remove member"}
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => removing && remove.mutate({ workspace: slug, memberId: removing.id })}
      />
    </Card>
  );
}

const ROLE_TONE: Record<Role, "violet" | "orange" | "blue" | "neutral"> = {
  admin: "violet",
  commander: "orange",
  responder: "blue",
  viewer: "neutral",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge tone={ROLE_TONE[role]} className="capitalize">
      {role}
    </Badge>
  );
}

function RoleLegend() {
  return (
    <details className="group border-t border-zinc-100 px-4 py-3 text-sm">
      <summary className="cursor-pointer text-xs font-medium text-zinc-500 hover:text-zinc-800">
        What each role can do
      </summary>
      <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        {ROLES.map((r) => (
          <div key={r} className="contents">
            <dt>
              <RoleBadge role={r} />
            </dt>
            <dd className="text-zinc-600">{ROLE_DESCRIPTIONS[r]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
