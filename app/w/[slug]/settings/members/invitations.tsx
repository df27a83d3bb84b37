"use client";
/** Invite by link (admins): create a link for an email and role, list pending ones, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link2, MailPlus } from "lucide-react";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { CopyField } from "@/app/_components/copy-field";
import { ConfirmDialog } from "@/app/_components/dialog";
import {
  Button,
  Callout,
  Card,
  EmptyState,
  ErrorState,
  Field,
  Input,
  Select,
  TableSkeleton,
} from "@/app/_components/ui";
import { formatAgo, formatDateTime } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/server/auth/roles";
import { RoleBadge } from "./members";

const noSubscription = () => () => {};
/** The page's origin for full links; empty during server rendering. */
function useOrigin() {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
}

export function InvitationsCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const origin = useOrigin();
  const members = useQuery(trpc.workspace.members.list.queryOptions({ workspace: slug }));
  const isAdmin = members.data?.canManage ?? false;
  const listKey = trpc.workspace.invitations.list.queryKey({ workspace: slug });
  const invitations = useQuery({
    ...trpc.workspace.invitations.list.queryOptions({ workspace: slug }),
    enabled: isAdmin,
  });

  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("responder");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; email: string } | null>(null);

  const create = useMutation(
    trpc.workspace.invitations.create.mutationOptions({
      onSuccess: () => {
        setEmail("");
        queryClient.invalidateQueries({ queryKey: listKey });
      },
      onError: (err) => {
        const issue = err.data?.zodIssues?.find((i) => i.path[0] === "email");
        setEmailError(issue?.message ?? null);
      },
    }),
  );
  const revoke = useMutation(
    trpc.workspace.invitations.revoke.mutationOptions({
      onSuccess: (_, vars) => {
        setRevoking(null);
        if (create.data?.id === vars.invitationId) create.reset();
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
    }),
  );

  if (!isAdmin) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    setEmailError(null);
    create.mutate({ workspace: slug, email: email.trim(), role });
  }

  const created = create.data;
  return (
    <>
      <Card
        title="Invite people"
        description="Create a link for someone's email and send it to them however you like. It works once, for that email, for 7 days."
      >
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <Field label="Email" htmlFor="invite-email" error={emailError}>
              <Input
                id="invite-email"
                type="email"
                placeholder="teammate@company.com"
                required
                value={email}
                onChange={(e) => {
                  setEmail(e.target.value);
                  setEmailError(null);
                }}
              />
            </Field>
          </div>
          <Field label="Role" htmlFor="invite-role">
            <Select
              id="invite-role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              className="w-40 capitalize"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r[0].toUpperCase() + r.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" loading={create.isPending} disabled={!email.trim()}>
            <MailPlus className="size-4" /> Create invite link
          </Button>
        </form>
        <p className="mt-2 text-xs text-zinc-500">{ROLE_DESCRIPTIONS[role]}</p>
        {create.error && !emailError && (
          <div className="mt-4">
            <Callout tone="error">{create.error.message}</Callout>
          </div>
        )}
        {created && (
          <div
            className="mt-4 rounded-md border border-emerald-200 bg-emerald-50/60 p-3"
            data-testid="invite-created"
          >
            <p className="mb-2 text-sm text-emerald-900">
              Invite link for <strong>{created.email}</strong> as{" "}
              <span className="capitalize">{created.role}</span>. Send it to them; it expires{" "}
              {formatDateTime(created.expiresAt)}.
            </p>
            <CopyField
              value={`${origin}${created.path}`}
              label="Copy link"
              ariaLabel="Invite link"
              testId="invite-link"
            />
          </div>
        )}
      </Card>

      <Card
        padded={false}
        title="Pending invitations"
        description="Links that were created but not used yet."
      >
        {invitations.isPending ? (
          <TableSkeleton rows={2} />
        ) : invitations.isError ? (
          <ErrorState message={invitations.error.message} onRetry={() => invitations.refetch()} />
        ) : invitations.data.length === 0 ? (
          <EmptyState
            icon={<Link2 className="size-6" />}
            title="No pending invitations"
            description="Invite a teammate above; their link appears here until they use it."
          />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {invitations.data.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <div className="flex items-center gap-2">
                    <span className="truncate text-sm font-medium text-zinc-900">{inv.email}</span>
                    <RoleBadge role={inv.role} />
                  </div>
                  <div className="mt-0.5 text-xs text-zinc-500">
                    Invited {formatAgo(inv.createdAt)}
                    {inv.invitedBy ? ` by ${inv.invitedBy}` : ""} · expires{" "}
                    {formatDateTime(inv.expiresAt)}
                  </div>
                </div>
                <CopyField
                  value={`${origin}${inv.path}`}
                  label="Copy link"
                  ariaLabel={`Invite link for ${inv.email}`}
                  className="w-full max-w-md"
                />
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => {
                    revoke.reset();
                    setRevoking({ id: inv.id, email: inv.email });
                  }}
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this invitation?"
        description={`The link for ${revoking?.email} stops working at once. You can invite them again later.`}
        confirmLabel="Revoke invitation"
        pending={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate({ workspace: slug, invitationId: revoking.id })}
      />
    </>
  );
}
