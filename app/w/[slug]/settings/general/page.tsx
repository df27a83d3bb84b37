import type { Metadata } from "next";
import { GeneralSettings } from "./general-settings";

export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  return <GeneralSettings slug={slug} />;
}
