/**
 * The frame of the pages a customer opens from an email (notice page, unsubscribe page): no
 * app chrome, readable at 390 px, light or dark as the reader's system prefers.
 */
import type { Metadata } from "next";
import type { ReactNode } from "react";

/** Never indexed; links out of it do not tell where the reader came from (the URL is a token). */
export const customerPageMetadata = (title: string): Metadata => ({
  title,
  robots: { index: false, follow: false, nocache: true },
  referrer: "no-referrer",
});

export function CustomerFrame({
  workspaceName,
  children,
}: {
  workspaceName: string | null;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen bg-zinc-50 text-zinc-900 [color-scheme:light] dark:bg-zinc-950 dark:text-zinc-100 dark:[color-scheme:dark]">
      <main className="mx-auto w-full max-w-2xl px-4 py-8 sm:py-12">
        {workspaceName && (
          <p className="mb-6 text-sm font-semibold tracking-tight text-zinc-500 dark:text-zinc-400">
            {workspaceName}
          </p>
        )}
        {children}
      </main>
    </div>
  );
}

export function InvalidLink({ what }: { what: string }) {
  return (
    <CustomerFrame workspaceName={null}>
      <div className="rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold">This link has expired or is not valid</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
          {what} links work for a limited time and only exactly as they were sent. Open the link in
          the most recent email you received, or reply to that email to reach the team.
        </p>
      </div>
    </CustomerFrame>
  );
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

export const formatSentAt = (d: Date) => dateTime.format(d);
