"use client";
/**
 * "Use as audience" for a segment the engine found. Adopting saves the segment's rule as a
 * named segment of the workspace (other incidents can pick it from their saved segments), so
 * the commander names it here instead of a name appearing there unasked. When a saved segment
 * already has the same rule, that one is reused and there is nothing to name.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Button, Callout, Field, Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { nameFromPredicates, SEGMENT_NAME_MAX } from "@/server/segments/predicates";
import { ruleKey } from "@/server/segments/rule";
import { PredicateChips } from "./segment-figures";
import type { AffectedSegment } from "./types";
import { useRefreshAudience } from "./use-incident-mutation";

export function AdoptSegmentDialog({
  slug,
  incidentId,
  segment,
  onClose,
}: {
  slug: string;
  incidentId: string;
  /** The engine segment to adopt; the dialog is open while it is set. */
  segment: AffectedSegment | null;
  onClose: () => void;
}) {
  return segment ? (
    <AdoptForm slug={slug} incidentId={incidentId} segment={segment} onDone={onClose} />
  ) : null;
}

/** Mounted per opening, so the name starts from the segment's predicates every time. */
function AdoptForm({
  slug,
  incidentId,
  segment,
  onDone,
}: {
  slug: string;
  incidentId: string;
  segment: AffectedSegment;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAudience();
  const saved = useQuery(trpc.segments.list.queryOptions({ workspace: slug }));
  const existing = saved.data?.find((s) => ruleKey(s.rule) === segment.ruleKey) ?? null;
  const [name, setName] = useState(() => nameFromPredicates(segment.predicates));
  const [touched, setTouched] = useState(false);
  const adopt = useMutation(
    trpc.audience.adopt.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
    }),
  );

  // A taken name is the name's problem: say so next to it; anything else goes below.
  const nameTaken = adopt.error?.data?.code === "CONFLICT" ? adopt.error.message : null;
  const nameError = name.trim() === "" ? "Give the segment a name." : nameTaken;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (existing) {
      adopt.mutate({ workspace: slug, incidentId, predicates: segment.predicates });
    } else if (!nameError) {
      adopt.mutate({
        workspace: slug,
        incidentId,
        predicates: segment.predicates,
        name: name.trim(),
      });
    }
  };

  return (
    <Dialog
      open
      onClose={onDone}
      title="Use as audience"
      description="Everyone in this segment will get this incident's notices — also the customers who have not hit the error yet."
      footer={
        <>
          <Button variant="secondary" type="button" onClick={onDone} disabled={adopt.isPending}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="adopt-segment"
            loading={adopt.isPending}
            disabled={saved.isPending}
            data-testid="adopt-confirm"
          >
            Use as audience
          </Button>
        </>
      }
    >
      <form id="adopt-segment" onSubmit={submit} className="space-y-4" data-testid="adopt-dialog">
        <PredicateChips predicates={segment.predicates} />
        {saved.isPending ? null : existing ? (
          <p className="text-sm text-zinc-700" data-testid="adopt-existing">
            The saved segment <strong className="font-medium">{existing.name}</strong> has this
            rule; the incident will use it.
          </p>
        ) : (
          <Field
            label="Segment name"
            htmlFor="adopt-segment-name"
            error={touched ? nameError : null}
            hint="It is saved as a segment of the workspace, so other incidents can use it too."
          >
            <Input
              id="adopt-segment-name"
              autoFocus
              maxLength={SEGMENT_NAME_MAX}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setTouched(true);
                adopt.reset();
              }}
            />
          </Field>
        )}
        {adopt.error && !(nameTaken && !existing) && (
          <Callout tone="error">Could not set the audience: {adopt.error.message}</Callout>
        )}
      </form>
    </Dialog>
  );
}
