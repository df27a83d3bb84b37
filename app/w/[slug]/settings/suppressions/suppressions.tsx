"use client";
/**
 * The suppression list: the addresses this workspace never writes to, why (a bounce or spam
 * complaint the provider reported, the recipient's own unsubscribe, or an admin's hand), the
 * provider's or admin's words, when and by whom. Searchable by address and paged. Admins add
 * an address by hand and remove any entry but an unsubscribe, which only its owner undoes
 * through the link in any email; everyone else reads it.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { MailX, Plus, Search } from "lucide-react";
import { useState } from "react";
import { ScrollBox } from "@/app/_components/scroll-box";
import { ConfirmDialog } from "@/app/_components/dialog";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Input,
  TableSkeleton,
} from "@/app/_components/ui";
import { formatAgo, formatDateTime, plural } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { Pager, useCursorPages, useDebounced, useKeptTotal } from "../../mailbox/paging";
import { AddSuppressionDialog } from "./add-dialog";

type Entry = inferRouterOutputs<AppRouter>["suppressions"]["list"]["rows"][number];

const PAGE = 50;

export const REASON: Record<
  Entry["reason"],
  { label: string; tone: "red" | "orange" | "neutral" | "violet"; why: string }
> = {
  bounced: { label: "Bounced", tone: "orange", why: "The provider could not deliver to it." },
  complained: { label: "Complained", tone: "red", why: "Its recipient marked an email as spam." },
  unsubscribed: {
    label: "Unsubscribed",
    tone: "neutral",
    why: "Its recipient unsubscribed; only they can re-subscribe, through the link in any email.",
  },
  manual: { label: "Added by hand", tone: "violet", why: "An admin added it." },
};

export function Suppressions({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), 250);
  const pages = useCursorPages(search);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Entry | null>(null);
  const list = useQuery(
    trpc.suppressions.list.queryOptions(
      { workspace: slug, search: search || undefined, cursor: pages.cursor, limit: PAGE },
      { placeholderData: keepPreviousData },
    ),
  );
  const total = useKeptTotal(search, list.data?.total);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.suppressions.pathKey() });
  const remove = useMutation(
    trpc.suppressions.remove.mutationOptions({
      onSuccess: async () => {
        setRemoving(null);
        await refresh();
      },
    }),
  );
  const canManage = list.data?.canManage ?? false;
  const rows = list.data?.rows ?? [];

  return (
    <div className="space-y-4">
      <Card
        title="Suppression list"
        description={
          total !== null && total > 0
            ? `${plural(total, "address", "addresses")} this workspace never writes to`
            : "Addresses this workspace never writes to: every send leaves them out"
        }
        actions={
          canManage ? (
            <Button size="sm" onClick={() => setAdding(true)} data-testid="add-suppression">
              <Plus className="size-3.5" /> Add address
            </Button>
          ) : null
        }
        padded={false}
      >
        <div className="border-b border-zinc-100 p-3">
          <div className="relative max-w-sm">
            <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-zinc-400" />
            <Input
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              placeholder="Search by address"
              aria-label="Search suppressions"
              className="pl-8"
              maxLength={200}
            />
          </div>
          {list.data && !canManage && (
            <p className="mt-2 text-xs text-zinc-500">
              Read-only: only admins add or remove addresses.
            </p>
          )}
        </div>
        {list.isPending ? (
          <TableSkeleton rows={4} />
        ) : list.isError ? (
          <ErrorState
            title="Could not load the suppression list"
            message={list.error.message}
            onRetry={() => list.refetch()}
          />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={<MailX className="size-6" />}
            title={search ? `No suppressed address matches “${search}”` : "No suppressed addresses"}
            description={
              search
                ? "Search looks for any part of the address."
                : "Addresses land here when an email to them bounces, when their recipient marks one as spam or unsubscribes, or when an admin adds one by hand."
            }
          />
        ) : (
          <ScrollBox className="overflow-x-auto" label="Suppressed addresses, scrolls sideways">
            <table className="w-full text-sm" data-testid="suppressions-table">
              <thead>
                <tr className="border-b border-zinc-100 text-left text-xs font-medium text-zinc-500">
                  <th className="px-4 py-2 font-medium">Address</th>
                  <th className="px-4 py-2 font-medium">Reason</th>
                  <th className="px-4 py-2 font-medium">Detail</th>
                  <th className="px-4 py-2 font-medium">Added</th>
                  {canManage && <th className="px-4 py-2" />}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {rows.map((r) => (
                  <tr key={r.email} data-testid="suppression-row">
                    <td className="max-w-64 truncate px-4 py-2.5 font-medium text-zinc-900">
                      {r.email}
                    </td>
                    <td className="px-4 py-2.5" title={REASON[r.reason].why}>
                      <Badge tone={REASON[r.reason].tone}>{REASON[r.reason].label}</Badge>
                    </td>
                    <td className="max-w-72 px-4 py-2.5 text-xs text-zinc-600">
                      {r.detail ?? <span className="text-zinc-500">—</span>}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2.5 text-xs text-zinc-600">
                      <span title={formatDateTime(r.createdAt)}>{formatAgo(r.createdAt)}</span>
                      <div className="text-zinc-500">
                        {r.createdBy
                          ? `by ${r.createdBy.name}`
                          : r.reason === "unsubscribed"
                            ? "by the recipient"
                            : "by the email provider"}
                      </div>
                    </td>
                    {canManage && (
                      <td className="px-4 py-2.5 text-right">
                        {r.removable ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            onClick={() => {
                              remove.reset();
                              setRemoving(r);
                            }}
                            aria-label={`Remove ${r.email}`}
                          >
                            Remove
                          </Button>
                        ) : (
                          <span
                            className="text-xs text-zinc-500"
                            title="An unsubscribe is the recipient's own choice: only they can undo it, through the link in any email."
                          >
                            Recipient&apos;s choice
                          </span>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
        <Pager
          index={pages.index}
          size={PAGE}
          shown={rows.length}
          total={total}
          nextCursor={list.data?.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          noun="addresses"
        />
      </Card>
      {adding && (
        <AddSuppressionDialog slug={slug} onClose={() => setAdding(false)} onAdded={refresh} />
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.email ?? ""} from the suppression list?`}
        description={
          removing && (
            <>
              <p>
                {REASON[removing.reason].why} Once removed, later updates may write to{" "}
                <strong className="text-zinc-900">{removing.email}</strong> again.
              </p>
              {removing.reason !== "manual" && (
                <p className="mt-2">
                  If the address still does not accept mail, it will{" "}
                  {removing.reason === "bounced" ? "bounce" : "be reported"} again and return to
                  this list — and repeated bounces or complaints hurt your sender reputation.
                </p>
              )}
            </>
          )
        }
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => removing && remove.mutate({ workspace: slug, address: removing.email })}
      />
    </div>
  );
}
