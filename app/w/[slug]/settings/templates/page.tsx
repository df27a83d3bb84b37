import type { Metadata } from "next";
import { TemplatesEditor } from "./templates-editor";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesSettingsPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  return <TemplatesEditor slug={slug} />;
}
