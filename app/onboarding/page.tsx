import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { firstWorkspaceSlug, getSessionUser } from "@/server/auth/session";
import { AuthFrame } from "../sign-in/auth-frame";
import { CreateWorkspaceForm } from "./create-workspace-form";

export const metadata: Metadata = { title: "Create a workspace" };
export const dynamic = "force-dynamic";

export default async function OnboardingPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/onboarding");
  const existing = await firstWorkspaceSlug(user.id);
  const host = (await headers()).get("host") ?? "localhost";
  return (
    <AuthFrame
      wide
      title={existing ? "Create another workspace" : `Welcome, ${user.name.split(" ")[0]}`}
      subtitle={
        existing
          ? "Each workspace has its own customers, incidents, members and API keys."
          : "Create a workspace for your team. You will be its admin and can invite others next."
      }
      footer={
        existing ? undefined : (
          <>Invited to a team? Open the invite link you were sent to join its workspace.</>
        )
      }
    >
      <CreateWorkspaceForm host={host} cancelHref={existing ? `/w/${existing}/incidents` : null} />
    </AuthFrame>
  );
}
