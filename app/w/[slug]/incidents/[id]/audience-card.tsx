"use client";
/**
 * The incident's audience — who the notices will go to — as counts of its parts: the
 * customers of its segment rule (and how many of them already fail), customers failing
 * outside it, customers added and excluded by hand. The rule is picked from the affected
 * segments, from the saved segments, or written in the editor.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Pencil, Plus, Target, Users } from "lucide-react";
import { useState } from "react";
import { Button, Card, ErrorState, Select, Skeleton } from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";
import { LIVE_REFRESH_MS, useTRPC } from "@/app/_lib/trpc";
import { describeCondition, type Rule } from "@/server/segments/rule";
import { AudienceMembers } from "./audience-members";
import { RuleEditor, type RuleEditorValue } from "./rule-editor";
import { useRefreshAudience } from "./use-incident-mutation";

const EMPTY_RULE: Rule = { conditions: [{ attribute: "", op: "equals", value: "" }] };

export function useAudience(slug: string, incidentId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.audience.get.queryOptions(
      { workspace: slug, incidentId },
      { refetchInterval: LIVE_REFRESH_MS },
    ),
  );
}

export function AudienceCard({
  slug,
  incidentId,
  canEdit,
  className,
}: {
  slug: string;
  incidentId: string;
  canEdit: boolean;
  className?: string;
}) {
  const trpc = useTRPC();
  const audience = useAudience(slug, incidentId);
  const segments = useQuery({
    ...trpc.segments.list.queryOptions({ workspace: slug }),
    enabled: canEdit,
  });
  const [editing, setEditing] = useState<"edit" | "new" | null>(null);
  const [showMembers, setShowMembers] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefreshAudience();
  const setSegment = useMutation(trpc.audience.setSegment.mutationOptions({ onSuccess: refresh }));
  const create = useMutation(trpc.segments.create.mutationOptions());
  const update = useMutation(trpc.segments.update.mutationOptions());
  const a = audience.data;
  const initial =
    editing === "edit" && a?.segment
      ? { name: a.segment.name, rule: a.segment.rule }
      : { name: "", rule: EMPTY_RULE };

  const save = async ({ name, rule }: RuleEditorValue) => {
    setError(null);
    try {
      if (editing === "edit" && a?.segment) {
        await update.mutateAsync({ workspace: slug, id: a.segment.id, name, rule });
      } else {
        const created = await create.mutateAsync({ workspace: slug, name, rule });
        await setSegment.mutateAsync({ workspace: slug, incidentId, segmentId: created.id });
      }
      await refresh();
      setEditing(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Card
      className={className}
      title="Audience"
      description="Who this incident's notices will go to"
      actions={
        canEdit && a?.segment ? (
          <Button variant="secondary" size="sm" onClick={() => setEditing("edit")}>
            <Pencil className="size-3.5" /> Edit rule
          </Button>
        ) : null
      }
    >
      <div data-testid="audience-card">
        {audience.isPending ? (
          <div className="space-y-2">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-24 w-full" />
          </div>
        ) : audience.isError ? (
          <ErrorState
            title="Could not load the audience"
            message={audience.error.message}
            onRetry={() => audience.refetch()}
          />
        ) : (
          <div className="space-y-4">
            <div>
              <div
                className="text-3xl font-semibold tabular-nums text-zinc-900"
                data-testid="audience-total"
              >
                {formatInt(a!.total)}
              </div>
              <div className="text-xs text-zinc-500">customers to notify</div>
            </div>
            {a!.segment ? (
              <div className="space-y-1.5 rounded-md bg-zinc-50 px-3 py-2">
                <div className="flex items-center gap-1.5 text-sm font-medium text-zinc-900">
                  <Target className="size-3.5 text-emerald-600" />
                  <span data-testid="audience-segment-name">{a!.segment.name}</span>
                </div>
                <ul className="flex flex-wrap gap-1">
                  {a!.segment.rule.conditions.map((c) => (
                    <li
                      key={JSON.stringify(c)}
                      className="rounded bg-white px-1.5 py-0.5 font-mono text-[11px] text-zinc-700 ring-1 ring-zinc-200"
                    >
                      {describeCondition(c)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="text-sm text-zinc-600">
                No segment rule yet: only customers already failing are in the audience. Pick a
                segment to also warn the customers in it who have not hit the error yet.
              </p>
            )}
            <dl className="space-y-1.5 text-sm" data-testid="audience-parts">
              {a!.segment && (
                <Part
                  label="In the segment"
                  value={a!.inSegment}
                  testId="audience-in-segment"
                  hint={`of which ${formatInt(a!.inSegmentFailing)} already failing`}
                />
              )}
              <Part
                label={a!.segment ? "Failing outside the segment" : "Failing"}
                value={a!.failingOutsideSegment}
                testId="audience-failing-outside"
              />
              <Part label="Added by hand" value={a!.added} testId="audience-added" />
              <Part
                label="Excluded by hand"
                value={a!.excluded}
                testId="audience-excluded"
                negative
              />
            </dl>
            <Button
              variant="secondary"
              size="sm"
              className="w-full"
              onClick={() => setShowMembers(true)}
              disabled={a!.total === 0 && a!.excluded === 0}
            >
              <Users className="size-3.5" /> View members
            </Button>
            {canEdit && (
              <div className="flex flex-wrap items-center gap-2 border-t border-zinc-100 pt-3">
                <Select
                  aria-label="Use a saved segment"
                  className="h-7 w-auto max-w-[14rem] text-xs"
                  value={a!.segment?.id ?? ""}
                  onChange={(e) =>
                    setSegment.mutate({
                      workspace: slug,
                      incidentId,
                      segmentId: e.target.value || null,
                    })
                  }
                  disabled={setSegment.isPending}
                >
                  <option value="">No segment rule</option>
                  {segments.data?.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
                <Button variant="ghost" size="sm" onClick={() => setEditing("new")}>
                  <Plus className="size-3.5" /> New rule
                </Button>
              </div>
            )}
            {setSegment.error && (
              <p className="text-xs text-red-700" role="alert">
                {setSegment.error.message}
              </p>
            )}
          </div>
        )}
      </div>
      {showMembers && (
        <AudienceMembers
          slug={slug}
          incidentId={incidentId}
          canEdit={canEdit}
          onClose={() => setShowMembers(false)}
        />
      )}
      {editing !== null && (
        <RuleEditor
          key={editing}
          slug={slug}
          open
          onClose={() => {
            setEditing(null);
            setError(null);
          }}
          title={editing === "edit" ? "Edit the audience rule" : "New audience rule"}
          initial={initial}
          onSave={save}
          saving={create.isPending || update.isPending || setSegment.isPending}
          error={error}
        />
      )}
    </Card>
  );
}

function Part({
  label,
  value,
  hint,
  testId,
  negative,
}: {
  label: string;
  value: number;
  hint?: string;
  testId: string;
  negative?: boolean;
}) {
  return (
    <div className="flex items-baseline justify-between gap-3">
      <dt className="text-zinc-600">
        {label}
        {hint && <span className="block text-xs text-zinc-500">{hint}</span>}
      </dt>
      <dd className="font-semibold tabular-nums text-zinc-900" data-testid={testId}>
        {negative && value > 0 ? "−" : ""}
        {formatInt(value)}
      </dd>
    </div>
  );
}
