import type { Metadata } from "next";
import { MessagingSettings } from "./messaging-settings";

export const metadata: Metadata = { title: "Messaging settings" };

export default async function MessagingSettingsPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  return <MessagingSettings slug={slug} />;
}
