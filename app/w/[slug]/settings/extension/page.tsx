import type { Metadata } from "next";
import { ExtensionTokens } from "./extension-tokens";

export const metadata: Metadata = { title: "Extension" };

export default async function ExtensionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <ExtensionTokens slug={slug} />;
}
