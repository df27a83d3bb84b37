import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { Mailbox } from "./mailbox";

export const metadata: Metadata = { title: "Mailbox" };

export default async function MailboxPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await getSessionUser();
  const membership = user ? await getMembership(user.id, slug) : null;
  if (!membership) notFound();
  // The open email lives in the URL (?email=…), which needs a Suspense boundary.
  return (
    <Suspense>
      <Mailbox slug={slug} />
    </Suspense>
  );
}
