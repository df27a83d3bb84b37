/** A customer's personal notice page: every update about the incidents that concern them. */
import { getDb } from "@/db/client";
import { readNoticeToken } from "@/server/messaging/links";
import { noticePage, type NoticeIncident } from "@/server/messaging/notices";
import type { IncidentStatus } from "@/server/messaging/schema-types";
import { CustomerFrame, InvalidLink, customerPageMetadata, formatSentAt } from "../customer-frame";

export const dynamic = "force-dynamic";
export const metadata = customerPageMetadata("Service notices");

const STATUS: Record<IncidentStatus, { label: string; className: string }> = {
  investigating: {
    label: "Investigating",
    className:
      "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900",
  },
  identified: {
    label: "Identified",
    className:
      "bg-orange-50 text-orange-800 ring-orange-200 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-900",
  },
  monitoring: {
    label: "Monitoring",
    className:
      "bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900",
  },
  resolved: {
    label: "Resolved",
    className:
      "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-900",
  },
};

function StatusBadge({ status }: { status: IncidentStatus }) {
  const s = STATUS[status];
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${s.className}`}
    >
      {s.label}
    </span>
  );
}

export default async function NoticePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = readNoticeToken(token);
  const page = link ? await noticePage(await getDb(), link.workspaceId, link.customerId) : null;
  if (!page) return <InvalidLink what="Notice" />;

  const open = page.incidents.filter((i) => i.status !== "resolved").length;
  return (
    <CustomerFrame workspaceName={page.workspaceName}>
      <h1 className="text-2xl font-semibold tracking-tight">Service notices</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
        {page.incidents.length === 0
          ? `${page.workspaceName} has not sent you any notices.`
          : open > 0
            ? `What ${page.workspaceName} has told you about ${open === 1 ? "an ongoing problem" : `${open} ongoing problems`} that affect${open === 1 ? "s" : ""} you, newest first.`
            : `Everything ${page.workspaceName} has told you about problems that affected you. All of them are resolved.`}
      </p>
      <div className="mt-8 space-y-8">
        {page.incidents.map((incident) => (
          <IncidentNotices key={incident.reference} incident={incident} />
        ))}
      </div>
    </CustomerFrame>
  );
}

function IncidentNotices({ incident }: { incident: NoticeIncident }) {
  return (
    <section
      aria-label={`${incident.reference}: ${incident.title}`}
      className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={incident.status} />
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{incident.reference}</span>
        </div>
        <h2 className="mt-1.5 text-base font-semibold break-words">{incident.title}</h2>
        {incident.resolvedAt && (
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            Resolved {formatSentAt(incident.resolvedAt)}
          </p>
        )}
      </header>
      <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {incident.updates.map((u) => (
          <li key={u.number} className="px-4 py-4">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
              <StatusBadge status={u.status} />
              <time dateTime={u.sentAt.toISOString()}>{formatSentAt(u.sentAt)}</time>
            </div>
            <h3 className="mt-2 text-sm font-semibold break-words">{u.title}</h3>
            <div
              className="notice-body mt-2 text-sm leading-6 break-words text-zinc-700 dark:text-zinc-200 [&_a]:text-blue-700 [&_a]:underline dark:[&_a]:text-blue-300 [&_code]:rounded [&_code]:bg-zinc-100 dark:[&_code]:bg-zinc-800 [&_pre]:bg-zinc-100 dark:[&_pre]:bg-zinc-800"
              // The renderer's Markdown: raw HTML escaped, only http(s) and mailto links.
              dangerouslySetInnerHTML={{ __html: u.bodyHtml }}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
