"use client";
/**
 * The built-in mailbox: every email the workspace sent while no RESEND_API_KEY is set, newest
 * first, searchable by recipient or subject and refreshed live while updates go out. The open
 * email (in the URL as ?email=…, so a customer's Messages card can link to it) is shown as its
 * recipient sees it: headers, the HTML in a sandboxed frame that runs no scripts, the text part.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ArrowLeft, Inbox, Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import {
  Card,
  cx,
  EmptyState,
  ErrorState,
  Input,
  PageHeader,
  TableSkeleton,
} from "@/app/_components/ui";
import { formatAgo, formatDateTime, plural } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import { EmailView } from "./email-view";
import { Pager, useCursorPages, useDebounced, useKeptTotal } from "./paging";

const PAGE = 50;

export function Mailbox({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const selected = params.get("email");
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), 250);
  const pages = useCursorPages(search);
  const list = useQuery(
    trpc.mailbox.list.queryOptions(
      { workspace: slug, search: search || undefined, cursor: pages.cursor, limit: PAGE },
      { placeholderData: keepPreviousData, refetchInterval: LIVE_REFRESH_MS },
    ),
  );
  const total = useKeptTotal(search, list.data?.total);

  const rows = list.data?.rows ?? [];
  const empty = !list.isPending && !list.isError && total === 0 && !search;
  return (
    <div>
      <PageHeader
        title="Mailbox"
        description={
          total !== null && search
            ? `${plural(total, "email")} matching “${search}”`
            : total !== null && total > 0
              ? `${plural(total, "email")} as their recipients got them`
              : "Every email sent while no RESEND_API_KEY is set, as its recipient got it"
        }
      />
      {empty ? (
        <Card>
          <EmptyState
            icon={<Inbox className="size-6" />}
            title="No email yet"
            description={
              <>
                <p>
                  Without a <code className="font-mono text-xs">RESEND_API_KEY</code>, every notice
                  Blastradius sends is delivered here instead of to your customers, so you can read
                  exactly what they would get. Post an update on an incident to see it arrive.
                </p>
                <p className="mt-2">
                  When mail goes through Resend, emails reach the real inboxes and this mailbox
                  stays empty.
                </p>
              </>
            }
          />
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[minmax(18rem,24rem)_1fr] [&>*]:min-w-0">
          {/* Below lg the list and the open email do not fit side by side: the email replaces the list. */}
          <Card padded={false} className={cx("self-start", selected && "max-lg:hidden")}>
            <div className="border-b border-zinc-100 p-3">
              <div className="relative">
                <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-zinc-400" />
                <Input
                  value={searchText}
                  onChange={(e) => setSearchText(e.target.value)}
                  placeholder="Search recipient or subject"
                  aria-label="Search the mailbox"
                  className="pl-8"
                  maxLength={200}
                />
              </div>
            </div>
            {list.isPending ? (
              <TableSkeleton rows={6} />
            ) : list.isError ? (
              <ErrorState
                title="Could not load the mailbox"
                message={list.error.message}
                onRetry={() => list.refetch()}
              />
            ) : rows.length === 0 ? (
              <EmptyState
                icon={<Search className="size-5" />}
                title={`No email matches “${search}”`}
                description="Search looks in the recipient's address and the subject."
              />
            ) : (
              <ul className="divide-y divide-zinc-100" data-testid="mailbox-list">
                {rows.map((e) => (
                  <li key={e.id}>
                    {/* A link, so an email opens in a new tab too; replace: the list is one place in history. */}
                    <Link
                      href={`${pathname}?email=${e.id}`}
                      replace
                      scroll={false}
                      aria-current={e.id === selected ? "true" : undefined}
                      className={cx(
                        "block w-full px-4 py-2.5 text-left focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500",
                        e.id === selected ? "bg-zinc-100" : "hover:bg-zinc-50",
                      )}
                      data-testid="mailbox-row"
                    >
                      <div className="flex items-baseline justify-between gap-2">
                        <span className="min-w-0 truncate text-sm font-medium text-zinc-900">
                          {e.to}
                        </span>
                        <span
                          className={cx(
                            "shrink-0 text-xs",
                            e.id === selected ? "text-zinc-600" : "text-zinc-500",
                          )}
                          title={formatDateTime(e.receivedAt)}
                        >
                          {formatAgo(e.receivedAt)}
                        </span>
                      </div>
                      <div className="truncate text-xs text-zinc-600">{e.subject}</div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            <Pager
              index={pages.index}
              size={PAGE}
              shown={rows.length}
              total={total}
              nextCursor={list.data?.nextCursor}
              onNext={pages.next}
              onPrevious={pages.previous}
              noun="emails"
            />
          </Card>
          <div className="min-w-0">
            {selected ? (
              <>
                <Link
                  href={pathname}
                  replace
                  scroll={false}
                  className="mb-3 inline-flex items-center gap-1.5 text-sm font-medium text-zinc-700 hover:text-zinc-900 lg:hidden"
                >
                  <ArrowLeft className="size-4" /> All emails
                </Link>
                <EmailView slug={slug} id={selected} />
              </>
            ) : (
              <Card className="max-lg:hidden">
                <EmptyState
                  icon={<Inbox className="size-6" />}
                  title="Select an email"
                  description="Open one to see it as its recipient does: sender, headers, the HTML and the plain text."
                />
              </Card>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
