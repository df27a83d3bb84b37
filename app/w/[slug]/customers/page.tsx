import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { hasRole } from "@/server/auth/roles";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { CustomersDirectory } from "./customers-directory";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await getSessionUser();
  const membership = user ? await getMembership(user.id, slug) : null;
  if (!membership) notFound();
  // Search, filters and sort live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <CustomersDirectory slug={slug} canImport={hasRole(membership.role, "responder")} />
    </Suspense>
  );
}
