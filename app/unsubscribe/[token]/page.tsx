/**
 * The preference page an email's footer links to: whose address, which workspace, and one
 * button. Opening it (GET) never changes anything — link scanners open every link; only the
 * button's POST (a server action) does.
 */
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { resubscribe, subscription, unsubscribe } from "@/server/messaging/unsubscribe";
import { CustomerFrame, InvalidLink, customerPageMetadata } from "@/app/notice/customer-frame";

export const dynamic = "force-dynamic";
export const metadata = customerPageMetadata("Email preferences");

async function unsubscribeAction(token: string) {
  "use server";
  await unsubscribe(await getDb(), token);
  revalidatePath(`/unsubscribe/${token}`);
}

async function resubscribeAction(token: string) {
  "use server";
  await resubscribe(await getDb(), token);
  revalidatePath(`/unsubscribe/${token}`);
}

const button =
  "inline-flex h-10 items-center justify-center rounded-md px-4 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-zinc-900";

export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const sub = await subscription(await getDb(), token);
  if (!sub) return <InvalidLink what="Unsubscribe" />;

  return (
    <CustomerFrame workspaceName={sub.workspaceName}>
      <div className="rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold">Email preferences</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
          Service notices from <strong className="font-semibold">{sub.workspaceName}</strong> to{" "}
          <strong className="font-semibold break-all">{sub.email}</strong>
        </p>
        <p className="mt-4 text-sm" role="status" data-testid="subscription-state">
          {sub.state === "subscribed" &&
            "You receive emails when a problem affects you, and follow-ups until it is resolved."}
          {sub.state === "unsubscribed" &&
            `You are unsubscribed. ${sub.workspaceName} will not email you about incidents any more.`}
          {sub.state === "suppressed" &&
            "Emails to this address are stopped because earlier ones could not be delivered or were reported as spam. Contact the team to have it restored."}
        </p>
        <div className="mt-6">
          {sub.state === "subscribed" && (
            <form action={unsubscribeAction.bind(null, token)}>
              <button
                type="submit"
                className={`${button} bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300`}
              >
                Unsubscribe from service notices
              </button>
            </form>
          )}
          {sub.state === "unsubscribed" && (
            <form action={resubscribeAction.bind(null, token)}>
              <button
                type="submit"
                className={`${button} border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`}
              >
                Subscribe again
              </button>
            </form>
          )}
        </div>
      </div>
    </CustomerFrame>
  );
}
