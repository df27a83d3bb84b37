import type { Metadata } from "next";
import { getSessionUser } from "@/server/auth/session";
import { InviteFlow } from "./invite-flow";

export const metadata: Metadata = { title: "Join a workspace" };
export const dynamic = "force-dynamic";

/** /invite/<id>: anyone with the link sees the workspace and role, then signs up or in and joins. */
export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  return (
    <InviteFlow
      invitationId={id}
      signedInAs={user ? { name: user.name, email: user.email } : null}
    />
  );
}
