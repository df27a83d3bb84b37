import { redirect } from "next/navigation";
import { firstWorkspaceSlug, getSessionUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

/** Signed out → sign in; signed in → the first workspace's incidents; no workspace yet → onboarding. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const slug = await firstWorkspaceSlug(user.id);
  redirect(slug ? `/w/${slug}/incidents` : "/onboarding");
}
