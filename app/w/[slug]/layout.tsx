import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getMembership, getSessionUser } from "@/server/auth/session";
import { Shell } from "./shell";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=/w/${encodeURIComponent(slug)}/incidents`);
  const membership = await getMembership(user.id, slug);
  if (!membership) notFound();
  return (
    <Shell
      workspace={membership.workspace}
      role={membership.role}
      user={{ name: user.name, email: user.email }}
    >
      {children}
    </Shell>
  );
}
