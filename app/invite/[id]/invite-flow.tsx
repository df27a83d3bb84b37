"use client";
/**
 * The invitee's path: see the workspace and role → create an account (or sign in) with the
 * invited email → accept → land in the workspace. Signed in as someone else: sign out first.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, Button, ButtonLink, Callout, Skeleton } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";
import { ROLE_DESCRIPTIONS } from "@/server/auth/roles";
import { signOut } from "../../sign-in/auth-client";
import { AuthFrame } from "../../sign-in/auth-frame";
import { SignInForm, SignUpForm } from "../../sign-in/forms";

const STATE_TEXT = {
  accepted: "This invitation has already been used.",
  canceled: "This invitation was revoked.",
  rejected: "This invitation was declined.",
  expired: "This invitation has expired.",
} as const;

export function InviteFlow({
  invitationId,
  signedInAs,
}: {
  invitationId: string;
  signedInAs: { name: string; email: string } | null;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const [mode, setMode] = useState<"sign-up" | "sign-in">("sign-up");
  const preview = useQuery(trpc.workspace.invitations.preview.queryOptions({ invitationId }));

  const accept = useMutation({
    mutationFn: () => client.workspace.invitations.accept.mutate({ invitationId }),
    onSuccess: (ws) => {
      router.push(`/w/${ws.slug}/incidents`);
      router.refresh();
    },
  });
  const switchAccount = useMutation({
    mutationFn: signOut,
    onSuccess: () => router.refresh(),
  });

  if (preview.isPending) {
    return (
      <AuthFrame wide title="Loading invitation…">
        <div className="space-y-3" aria-busy="true">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-9 w-full" />
        </div>
      </AuthFrame>
    );
  }

  if (preview.isError) {
    const missing = preview.error.data?.code === "NOT_FOUND";
    return (
      <AuthFrame
        wide
        title={missing ? "This invitation link is not valid" : "Could not load the invitation"}
        subtitle={
          missing
            ? "Check that you copied the whole link, or ask an admin of the workspace for a new one."
            : preview.error.message
        }
      >
        {missing ? (
          <ButtonLink href="/" variant="secondary">
            Go to Blastradius
          </ButtonLink>
        ) : (
          <Button variant="secondary" onClick={() => preview.refetch()}>
            Try again
          </Button>
        )}
      </AuthFrame>
    );
  }

  const invite = preview.data;
  const heading = `Join ${invite.workspace.name}`;
  const summary = (
    <div className="mb-6 rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm">
      <p className="text-zinc-700">
        {invite.invitedBy ?? "An admin"} invited <strong>{invite.email}</strong> to{" "}
        {invite.workspace.name}.
      </p>
      <div className="mt-2 flex items-start gap-2">
        <Badge tone="violet" className="capitalize">
          {invite.role}
        </Badge>
        <span className="text-xs leading-5 text-zinc-500">{ROLE_DESCRIPTIONS[invite.role]}</span>
      </div>
    </div>
  );
  const isInvitee = signedInAs?.email.toLowerCase() === invite.email.toLowerCase();

  if (invite.state === "accepted" && isInvitee) {
    return (
      <AuthFrame wide title={`You are a member of ${invite.workspace.name}`}>
        {summary}
        <ButtonLink href={`/w/${invite.workspace.slug}/incidents`}>
          Open {invite.workspace.name}
        </ButtonLink>
      </AuthFrame>
    );
  }

  if (invite.state !== "pending") {
    return (
      <AuthFrame wide title={heading}>
        {summary}
        <Callout tone="warning">
          {STATE_TEXT[invite.state]} Ask an admin of {invite.workspace.name} for a new link.
        </Callout>
        <div className="mt-5">
          <ButtonLink href="/" variant="secondary">
            Go to Blastradius
          </ButtonLink>
        </div>
      </AuthFrame>
    );
  }

  const acceptError = accept.error?.message;

  if (isInvitee) {
    return (
      <AuthFrame wide title={heading} subtitle={`Expires ${formatDateTime(invite.expiresAt)}.`}>
        {summary}
        {acceptError && (
          <div className="mb-4">
            <Callout tone="error">{acceptError}</Callout>
          </div>
        )}
        <Button
          className="w-full"
          onClick={() => accept.mutate()}
          loading={accept.isPending || accept.isSuccess}
        >
          Accept and join {invite.workspace.name}
        </Button>
      </AuthFrame>
    );
  }

  if (signedInAs) {
    return (
      <AuthFrame wide title={heading}>
        {summary}
        <Callout tone="warning">
          You are signed in as <strong>{signedInAs.email}</strong>, but this invitation is for{" "}
          <strong>{invite.email}</strong>. Sign out, then sign in or create an account with the
          invited email.
        </Callout>
        <div className="mt-5 flex gap-2">
          <Button onClick={() => switchAccount.mutate()} loading={switchAccount.isPending}>
            Sign out and continue
          </Button>
          <ButtonLink href="/" variant="ghost">
            Not now
          </ButtonLink>
        </div>
      </AuthFrame>
    );
  }

  // Signed out: create the account (or sign in) with the invited email, then accept at once.
  const acceptAfterAuth = async () => {
    await accept.mutateAsync().catch(() => router.refresh());
  };
  return (
    <AuthFrame
      wide
      title={heading}
      subtitle={
        mode === "sign-up"
          ? "Create your account to join the workspace."
          : "Sign in to join the workspace."
      }
      footer={
        mode === "sign-up" ? (
          <>
            Already have an account?{" "}
            <button
              className="font-medium text-zinc-900 hover:underline"
              onClick={() => setMode("sign-in")}
            >
              Sign in
            </button>
          </>
        ) : (
          <>
            No account yet?{" "}
            <button
              className="font-medium text-zinc-900 hover:underline"
              onClick={() => setMode("sign-up")}
            >
              Create one
            </button>
          </>
        )
      }
    >
      {summary}
      {acceptError && (
        <div className="mb-4">
          <Callout tone="error">{acceptError}</Callout>
        </div>
      )}
      {mode === "sign-up" ? (
        <SignUpForm
          next={`/invite/${invitationId}`}
          lockedEmail={invite.email}
          onSuccess={acceptAfterAuth}
          onAccountExists={() => setMode("sign-in")}
        />
      ) : (
        <SignInForm
          next={`/invite/${invitationId}`}
          lockedEmail={invite.email}
          onSuccess={acceptAfterAuth}
        />
      )}
    </AuthFrame>
  );
}
