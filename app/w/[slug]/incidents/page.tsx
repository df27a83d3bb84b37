import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { hasRole } from "@/server/auth/roles";
import { IncidentsList } from "./incidents-list";
import { ReportGroups } from "./report-groups";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await getSessionUser();
  const membership = user ? await getMembership(user.id, slug) : null;
  if (!membership) notFound();
  // The list reads its tab from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <IncidentsList slug={slug} canDeclare={hasRole(membership.role, "commander")} />
      {hasRole(membership.role, "commander") && <ReportGroups slug={slug} />}
    </Suspense>
  );
}
