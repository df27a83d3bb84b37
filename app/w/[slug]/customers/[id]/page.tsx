import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { CustomerDetail } from "./customer-detail";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({
  params,
}: {
  params: Promise<{ slug: string; id: string }>;
}) {
  const { slug, id } = await params;
  const user = await getSessionUser();
  const membership = user ? await getMembership(user.id, slug) : null;
  const customerId = Number(id);
  if (!membership || !Number.isSafeInteger(customerId) || customerId <= 0) notFound();
  return <CustomerDetail slug={slug} id={customerId} />;
}
