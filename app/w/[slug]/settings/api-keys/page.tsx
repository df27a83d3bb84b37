import type { Metadata } from "next";
import { ApiKeys } from "./api-keys";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <ApiKeys slug={slug} />;
}
