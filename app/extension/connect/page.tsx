import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { AuthFrame } from "@/app/sign-in/auth-frame";
import { Callout } from "@/app/_components/ui";
import { getSessionUser } from "@/server/auth/session";
import { connectParamsSchema, isAllowedExtensionId } from "@/server/extension/connect";
import { listUserWorkspaces } from "@/server/workspaces/workspaces";
import { ConnectForm } from "./connect-form";

export const metadata: Metadata = { title: "Connect the extension" };
export const dynamic = "force-dynamic";

/**
 * /extension/connect?extension_id=…&state=…: the support extension's options page opens this;
 * a signed-in agent picks a workspace and presses Connect, and the tab goes back to the
 * extension with a new token (docs/extension.md). Only allow-listed extensions are offered.
 */
export default async function ConnectPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const user = await getSessionUser();
  if (!user) {
    const here = `/extension/connect?${new URLSearchParams(
      Object.entries(query).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
    ).toString()}`;
    redirect(`/sign-in?next=${encodeURIComponent(here)}`);
  }
  const params = connectParamsSchema.safeParse({
    extensionId: query.extension_id,
    state: query.state,
  });
  if (!params.success || !isAllowedExtensionId(params.data.extensionId)) {
    return (
      <AuthFrame title="This extension cannot connect">
        <Callout tone="error">
          {params.success
            ? "This server does not hand tokens to that extension. Install the Blastradius extension your team uses, or ask an admin to allow its id (EXTENSION_IDS)."
            : "The link is incomplete. Open it again from the extension's options page."}
        </Callout>
      </AuthFrame>
    );
  }
  const workspaces = await listUserWorkspaces(await getDb(), user.id);
  return (
    <AuthFrame
      wide
      title="Connect the Blastradius extension"
      subtitle={
        <>
          It will act as <span className="font-medium text-zinc-700">{user.name}</span> (
          {user.email}) with your role in the workspace you choose: it can see active incidents and
          which of your help desk&apos;s customers they affect.
        </>
      }
    >
      <ConnectForm
        extensionId={params.data.extensionId}
        state={params.data.state}
        workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name, role: w.role }))}
      />
    </AuthFrame>
  );
}
