import type { Metadata } from "next";
import { Suppressions } from "./suppressions";

export const metadata: Metadata = { title: "Suppressions" };

export default async function SuppressionsSettingsPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  return <Suppressions slug={slug} />;
}
