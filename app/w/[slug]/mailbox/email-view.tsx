"use client";
/**
 * One mailbox email as its recipient sees it: From, To, Subject, when it arrived, the
 * unsubscribe headers a mail client acts on, and the body — the HTML in a frame sandboxed
 * without scripts (links open in a new tab, as in a mail client), or the plain-text part —
 * with links to the incident, the status update and the customer it was about.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ScrollBox } from "@/app/_components/scroll-box";
import { Badge, Card, cx, ErrorState, Skeleton } from "@/app/_components/ui";
import { formatAgo, formatDateTime } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { incidentRef, statusLabel } from "../incidents/badges";

/**
 * Links in the email open in a new tab instead of inside the frame: a <base> put in the head,
 * never before the doctype (which would render the email in quirks mode).
 */
function srcDoc(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return `${base}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${base}${html.slice(at)}`;
}

/**
 * The email's HTML in a frame as tall as the email, so the page scrolls instead of a box inside
 * it (on a phone a nested scroller is hard to read). Its height is read from the frame's
 * document, which `allow-same-origin` permits; nothing in the frame can use that access,
 * because without `allow-scripts` no script in it runs. It is measured again when the frame's
 * width changes, since the email reflows.
 */
function EmailFrame({ html }: { html: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  const measure = () => {
    const doc = ref.current?.contentDocument;
    if (doc?.documentElement) setHeight(doc.documentElement.scrollHeight);
  };
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let width = frame.clientWidth;
    const observer = new ResizeObserver(() => {
      if (frame.clientWidth === width) return;
      width = frame.clientWidth;
      measure();
    });
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);
  return (
    <iframe
      ref={ref}
      title="Email body"
      srcDoc={srcDoc(html)}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      onLoad={measure}
      style={height ? { height } : undefined}
      className="block h-[36rem] w-full bg-white sm:rounded-md sm:border sm:border-zinc-200"
      data-testid="email-frame"
    />
  );
}

export function EmailView({ slug, id }: { slug: string; id: string }) {
  const trpc = useTRPC();
  const [part, setPart] = useState<"html" | "text">("html");
  const email = useQuery(trpc.mailbox.get.queryOptions({ workspace: slug, emailId: id }));

  if (email.isPending) {
    return (
      <Card>
        <div className="space-y-3" aria-busy="true" aria-label="Loading the email">
          <Skeleton className="h-6 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-96 w-full" />
        </div>
      </Card>
    );
  }
  if (email.isError) {
    const missing = email.error.data?.code === "NOT_FOUND";
    return (
      <Card>
        <ErrorState
          title={
            missing ? "This email is not in this workspace's mailbox" : "Could not load the email"
          }
          message={missing ? "The link may belong to another workspace." : email.error.message}
          onRetry={missing ? undefined : () => email.refetch()}
        />
      </Card>
    );
  }
  const e = email.data;
  const m = e.message;
  const tab = (value: "html" | "text", label: string) => (
    <button
      role="tab"
      aria-selected={part === value}
      onClick={() => setPart(value)}
      className={cx(
        "-mb-px border-b-2 px-1 pb-2 text-sm",
        part === value
          ? "border-zinc-900 font-medium text-zinc-900"
          : "border-transparent text-zinc-500 hover:text-zinc-800",
      )}
    >
      {label}
    </button>
  );
  return (
    <Card padded={false}>
      <div className="space-y-3 border-b border-zinc-100 px-4 py-3" data-testid="email-view">
        <h2 className="text-base font-semibold text-zinc-900" data-testid="email-subject">
          {e.subject}
        </h2>
        <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-zinc-500">From</dt>
          <dd className="min-w-0 truncate text-zinc-900">{e.from}</dd>
          <dt className="text-zinc-500">To</dt>
          <dd className="min-w-0 truncate text-zinc-900" data-testid="email-to">
            {e.to}
          </dd>
          <dt className="text-zinc-500">Received</dt>
          <dd className="text-zinc-900">
            {formatDateTime(e.receivedAt)}{" "}
            <span className="text-zinc-500">({formatAgo(e.receivedAt)})</span>
          </dd>
          {m && (
            <>
              <dt className="text-zinc-500">About</dt>
              <dd className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                {m.incident && (
                  <Link
                    href={`/w/${slug}/incidents/${m.incident.number}`}
                    className="min-w-0 truncate text-zinc-900 underline decoration-zinc-300 underline-offset-2 hover:decoration-zinc-600"
                    data-testid="email-incident-link"
                  >
                    <span className="font-mono text-xs text-zinc-500">
                      {incidentRef(m.incident.number)}
                    </span>{" "}
                    {m.incident.title}
                  </Link>
                )}
                {m.update && (
                  <span className="text-xs text-zinc-600">
                    update #{m.update.number} · {statusLabel(m.update.status)} · “{m.update.title}”
                  </span>
                )}
                {m.state !== "sent" && <Badge tone="amber">{m.state}</Badge>}
              </dd>
              <dt className="text-zinc-500">Customer</dt>
              <dd className="min-w-0 truncate">
                {m.customer ? (
                  <Link
                    href={`/w/${slug}/customers/${m.customer.id}`}
                    className="text-zinc-900 underline decoration-zinc-300 underline-offset-2 hover:decoration-zinc-600"
                    data-testid="email-customer-link"
                  >
                    {m.customer.name ?? m.customer.externalId}
                  </Link>
                ) : (
                  <span className="text-zinc-500">No longer in the directory</span>
                )}
              </dd>
            </>
          )}
        </dl>
        <div
          className="rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-700"
          data-testid="email-headers"
        >
          <div className="break-all">
            <span className="text-zinc-500">List-Unsubscribe:</span>{" "}
            {e.listUnsubscribe ?? <span className="italic text-zinc-500">none</span>}
          </div>
          <div className="break-all">
            <span className="text-zinc-500">List-Unsubscribe-Post:</span>{" "}
            {e.listUnsubscribePost ?? <span className="italic text-zinc-500">none</span>}
          </div>
        </div>
      </div>
      <div className="px-4 pt-3">
        <div className="flex gap-4 border-b border-zinc-200" role="tablist" aria-label="Email part">
          {tab("html", "HTML")}
          {tab("text", "Plain text")}
        </div>
      </div>
      {/* On a phone the email takes the card's whole width, as a mail app shows it. */}
      <div className="py-3 sm:p-4">
        {part === "html" ? (
          <EmailFrame html={e.html} />
        ) : (
          <ScrollBox
            as="pre"
            label="Plain text"
            className="mx-3 max-h-[36rem] overflow-auto whitespace-pre-wrap break-words rounded-md border border-zinc-200 bg-white p-3 font-mono text-xs text-zinc-800 sm:mx-0"
            data-testid="email-text"
          >
            {e.text}
          </ScrollBox>
        )}
      </div>
    </Card>
  );
}
