import type { ReactNode } from "react";
import { PageHeader } from "@/app/_components/ui";
import { SettingsTabs } from "./tabs";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Settings"
        description="Your workspace, who is in it, and how programs reach it."
      />
      <SettingsTabs slug={slug} />
      <div className="mt-6">{children}</div>
    </div>
  );
}
