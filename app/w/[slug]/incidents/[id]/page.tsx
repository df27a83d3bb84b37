import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { hasRole } from "@/server/auth/roles";
import { IncidentPage } from "./incident-page";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d+$/.test(id) ? `INC-${id}` : "Incident" };
}

export default async function Page({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const user = await getSessionUser();
  const membership = user ? await getMembership(user.id, slug) : null;
  if (!membership) notFound();
  return (
    <IncidentPage
      slug={slug}
      incidentRef={decodeURIComponent(id)}
      canEdit={hasRole(membership.role, "commander")}
    />
  );
}
