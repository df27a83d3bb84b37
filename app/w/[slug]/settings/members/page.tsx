import type { Metadata } from "next";
import { InvitationsCard } from "./invitations";
import { MembersCard } from "./members";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="space-y-6">
      <MembersCard slug={slug} />
      <InvitationsCard slug={slug} />
    </div>
  );
}
