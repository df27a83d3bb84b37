import { Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { hasRole } from "@/server/auth/roles";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { ImportWizard } from "./import-wizard";

export const metadata: Metadata = { title: "Import customers" };

export default async function ImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await getSessionUser();
  const membership = user ? await getMembership(user.id, slug) : null;
  if (!membership) notFound();
  const back = (
    <Link href={`/w/${slug}/customers`} className="hover:text-zinc-800 hover:underline">
      Customers
    </Link>
  );
  if (!hasRole(membership.role, "responder")) {
    return (
      <div>
        <PageHeader title="Import customers" breadcrumb={back} />
        <Card>
          <EmptyState
            icon={<Lock className="size-6" />}
            title="Importing customers needs the responder role or higher"
            description={`You are a ${membership.role} in this workspace. Ask an admin if you need to import.`}
          />
        </Card>
      </div>
    );
  }
  return (
    <div>
      <PageHeader
        title="Import customers"
        breadcrumb={back}
        description="From a CSV file: one row per customer, or one row per contact with the customer's id repeated."
      />
      <ImportWizard slug={slug} />
    </div>
  );
}
