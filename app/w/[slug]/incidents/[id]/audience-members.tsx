"use client";
/**
 * Who exactly is in the audience, a page at a time, with why each customer is in it and the
 * contact the notice will go to; commanders take customers out by hand (and put them back
 * from the "Excluded" tab).
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ROW_CONTROL, RowLink } from "@/app/_components/data-table";
import { Dialog } from "@/app/_components/dialog";
import { Badge, Button, EmptyState, ErrorState, TableSkeleton, cx } from "@/app/_components/ui";
import { formatAgo } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { useRefreshAudience } from "./use-incident-mutation";

const PAGE = 25;
const REASON_LABEL = { segment: "in segment", failing: "failing", added: "added by hand" } as const;
const REASON_TONE = { segment: "blue", failing: "red", added: "violet" } as const;

export function AudienceMembers({
  slug,
  incidentId,
  canEdit,
  onClose,
}: {
  slug: string;
  incidentId: string;
  canEdit: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [excluded, setExcluded] = useState(false);
  // Cursors of the pages before the current one, for "Previous".
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const page = useQuery(
    trpc.audience.members.queryOptions(
      { workspace: slug, incidentId, excluded, cursor, limit: PAGE },
      { placeholderData: keepPreviousData },
    ),
  );
  const refresh = useRefreshAudience();
  const exclude = useMutation(trpc.audience.exclude.mutationOptions({ onSuccess: refresh }));
  const include = useMutation(trpc.audience.include.mutationOptions({ onSuccess: refresh }));
  const command = excluded ? include : exclude;

  const tab = (value: boolean, label: string) => (
    <button
      role="tab"
      aria-selected={excluded === value}
      onClick={() => {
        setExcluded(value);
        setCursors([null]);
      }}
      className={cx(
        "border-b-2 px-1 pb-2 text-sm font-medium",
        excluded === value
          ? "border-zinc-900 text-zinc-900"
          : "border-transparent text-zinc-500 hover:text-zinc-800",
      )}
    >
      {label}
    </button>
  );

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title="Audience members"
      description="The customers this incident's notices will go to, and why each one is in the audience."
    >
      <div className="space-y-3" data-testid="audience-members">
        <div role="tablist" className="flex gap-4 border-b border-zinc-100">
          {tab(false, "In the audience")}
          {tab(true, "Excluded by hand")}
        </div>
        {page.isPending ? (
          <TableSkeleton rows={5} />
        ) : page.isError ? (
          <ErrorState
            title="Could not load the members"
            message={page.error.message}
            onRetry={() => page.refetch()}
          />
        ) : page.data.rows.length === 0 ? (
          <EmptyState
            title={excluded ? "Nobody is excluded" : "Nobody is in the audience yet"}
            description={
              excluded
                ? "Customers you take out of the audience by hand are listed here."
                : "Customers join as they fail, or when the incident gets a segment rule."
            }
          />
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="py-1.5 font-medium">Customer</th>
                <th className="py-1.5 font-medium">Why</th>
                <th className="py-1.5 font-medium">Contact</th>
                {canEdit && <th className="w-24" />}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {page.data.rows.map((m) => (
                // Each row links to the customer's page (see RowLink); Exclude sits above the link.
                <tr
                  key={m.customerId}
                  className="relative hover:bg-zinc-50"
                  data-testid="audience-member"
                >
                  <td className="py-2 pr-3">
                    <RowLink
                      href={`/w/${slug}/customers/${m.customerId}`}
                      className="block font-medium text-zinc-900 hover:underline"
                    >
                      {m.name ?? m.externalId}
                    </RowLink>
                    <div className="font-mono text-xs text-zinc-500">{m.externalId}</div>
                  </td>
                  <td className="py-2 pr-3">
                    <span className="flex flex-wrap gap-1">
                      {m.reasons.map((r) => (
                        <Badge key={r} tone={REASON_TONE[r]}>
                          {REASON_LABEL[r]}
                        </Badge>
                      ))}
                      {m.excluded && (
                        <span className="text-xs text-zinc-500">
                          excluded {m.excluded.by ? `by ${m.excluded.by.name} ` : ""}
                          {formatAgo(m.excluded.at)}
                        </span>
                      )}
                    </span>
                  </td>
                  <td className="max-w-[14rem] truncate py-2 pr-3 text-zinc-600">
                    {m.contacts[0]?.email ?? <span className="text-amber-700">no contact</span>}
                    {m.contacts.length > 1 && (
                      <span className="text-xs text-zinc-500"> +{m.contacts.length - 1}</span>
                    )}
                  </td>
                  {canEdit && (
                    <td className="py-2 text-right">
                      <Button
                        variant="secondary"
                        size="sm"
                        className={ROW_CONTROL}
                        disabled={command.isPending}
                        onClick={() =>
                          command.mutate({
                            workspace: slug,
                            incidentId,
                            customerIds: [m.customerId],
                          })
                        }
                      >
                        {excluded ? "Put back" : "Exclude"}
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {command.error && (
          <p className="text-xs text-red-700" role="alert">
            {command.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!page.data?.nextCursor}
            onClick={() => setCursors((c) => [...c, page.data!.nextCursor])}
          >
            Next
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
