/**
 * Audience commands: set the incident's audience segment, adopt an engine segment as it,
 * exclude customers by hand and include them again. Each runs in one transaction with the
 * incident row locked (as the incident commands do; lock order: the workspace's segment-name
 * lock, then the incident, then segment rows), checks every id against the workspace
 * (not found otherwise), and records the change in the incident's timeline:
 *
 *   audience_segment   from → to: the previous and the new segment's name (null: none)
 *   audience_excluded  to: the customers' external ids, comma-separated, at most 20 named
 *   audience_included  from: the same, for customers whose exclusion was lifted
 *
 * (Edits and removals of a segment are recorded on its incidents by server/segments/service.ts.)
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import {
  incidentActivity,
  incidentAudience,
  incidentAudienceExclusion,
  segment,
} from "@/db/schema";
import { notFound } from "@/server/errors";
import { externalIdsOf, namedCustomers } from "@/server/customers/named";
import { lockIncident } from "@/server/incidents/aggregates";
import {
  getSegment,
  insertSegment,
  lockSegmentNames,
  nameFromPredicates,
  ruleFromPredicates,
  ruleHash,
  ruleKey,
  SEGMENT_NAME_MAX,
  type Predicate,
  type Segment,
} from "@/server/segments";
import { audienceSegmentOf, resolveAudience } from "./resolve";
import type { Audience } from "./schemas";

interface IncidentCommand {
  workspaceId: string;
  incidentId: string;
  actorId: string | null;
}

async function record(
  tx: Tx,
  c: IncidentCommand,
  kind: string,
  fromValue: string | null,
  toValue: string | null,
) {
  await tx.insert(incidentActivity).values({
    workspaceId: c.workspaceId,
    incidentId: c.incidentId,
    kind,
    fromValue,
    toValue,
    actorId: c.actorId,
  });
}

/** Sets which saved segment is the incident's audience rule (null: none); a no-op when unchanged. */
export function setAudienceSegment(
  db: DbOrTx,
  input: IncidentCommand & { segmentId: string | null },
): Promise<Audience> {
  return db.transaction(async (tx) => {
    await lockIncident(tx, input.workspaceId, input.incidentId);
    await setSegmentLocked(tx, input, input.segmentId);
    return resolveAudience(tx, input.workspaceId, input.incidentId);
  });
}

async function setSegmentLocked(tx: Tx, c: IncidentCommand, segmentId: string | null) {
  const { workspaceId, incidentId } = c;
  let next: { id: string; name: string } | null = null;
  if (segmentId !== null) {
    // FOR SHARE: a concurrent removal of the segment waits for this command and then sees
    // that it is in use, instead of deleting it from under us.
    const [row] = await tx
      .select({ id: segment.id, name: segment.name })
      .from(segment)
      .where(and(eq(segment.id, segmentId), eq(segment.workspaceId, workspaceId)))
      .for("share");
    if (!row) throw notFound("Segment");
    next = row;
  }
  const current = await audienceSegmentOf(tx, workspaceId, incidentId);
  if ((current?.id ?? null) === (next?.id ?? null)) return;
  await tx
    .insert(incidentAudience)
    .values({ incidentId, workspaceId, segmentId: next?.id ?? null, setBy: c.actorId })
    .onConflictDoUpdate({
      target: incidentAudience.incidentId,
      set: { segmentId: next?.id ?? null, setBy: c.actorId, setAt: new Date() },
    });
  await record(tx, c, "audience_segment", current?.name ?? null, next?.name ?? null);
}

/**
 * Makes an engine segment the incident's audience: the saved segment with the same rule if
 * there is one, else a new segment named `name` or after the predicates. A default name
 * already taken by another rule gets " (2)", " (3)", …; a chosen name already taken is a
 * conflict. Bad predicates are refused before anything is written.
 */
export async function adoptSegment(
  db: DbOrTx,
  input: IncidentCommand & { predicates: Predicate[]; name?: string },
): Promise<{ segment: Segment; created: boolean; audience: Audience }> {
  const rule = ruleFromPredicates(input.predicates);
  const { workspaceId } = input;
  return db.transaction(async (tx) => {
    // Two adoptions of one rule at once: the second waits here, then finds and reuses the
    // segment the first created (instead of failing on its name).
    await lockSegmentNames(tx, workspaceId);
    await lockIncident(tx, workspaceId, input.incidentId);
    const key = ruleKey(rule);
    const sameHash = await tx
      .select({ id: segment.id, rule: segment.rule })
      .from(segment)
      .where(and(eq(segment.workspaceId, workspaceId), eq(segment.ruleHash, ruleHash(rule))))
      .orderBy(segment.createdAt, segment.id)
      .for("share");
    const existing = sameHash.find((s) => ruleKey(s.rule) === key);
    let segmentId = existing?.id;
    if (!segmentId) {
      const name =
        input.name ?? (await freeName(tx, workspaceId, nameFromPredicates(input.predicates)));
      segmentId = await insertSegment(tx, workspaceId, input.actorId, {
        name,
        description: "",
        rule,
      });
    }
    await setSegmentLocked(tx, input, segmentId);
    return {
      segment: await getSegment(tx, workspaceId, { id: segmentId }),
      created: !existing,
      audience: await resolveAudience(tx, workspaceId, input.incidentId),
    };
  });
}

/** `base`, or `base (2)`, `base (3)`, … : the first that no segment of the workspace has. */
async function freeName(tx: Tx, workspaceId: string, base: string): Promise<string> {
  const taken = await tx
    .select({ name: sql<string>`lower(${segment.name})` })
    .from(segment)
    .where(
      and(
        eq(segment.workspaceId, workspaceId),
        sql`lower(${segment.name}) like ${likePrefix(Array.from(base.toLowerCase()).slice(0, 80).join(""))}`,
      ),
    );
  const names = new Set(taken.map((t) => t.name));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    const chars = Array.from(base);
    const stem =
      chars.length + suffix.length <= SEGMENT_NAME_MAX
        ? base
        : `${chars.slice(0, SEGMENT_NAME_MAX - suffix.length - 1).join("")}…`;
    if (!names.has(`${stem}${suffix}`.toLowerCase())) return `${stem}${suffix}`;
  }
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Takes customers out of the audience, whatever would put them in (segment, failing, added). */
export function excludeCustomers(
  db: DbOrTx,
  input: IncidentCommand & { customerIds: number[] },
): Promise<{ excluded: number; alreadyExcluded: number; audience: Audience }> {
  const { workspaceId, incidentId } = input;
  return db.transaction(async (tx) => {
    await lockIncident(tx, workspaceId, incidentId);
    const customers = await namedCustomers(tx, workspaceId, input.customerIds);
    const inserted = await tx
      .insert(incidentAudienceExclusion)
      .values(
        customers.map((c) => ({
          workspaceId,
          incidentId,
          customerId: c.id,
          excludedBy: input.actorId,
        })),
      )
      .onConflictDoNothing()
      .returning({ customerId: incidentAudienceExclusion.customerId });
    if (inserted.length) {
      const names = externalIdsOf(
        customers,
        inserted.map((r) => r.customerId),
      );
      await record(tx, input, "audience_excluded", null, names);
    }
    return {
      excluded: inserted.length,
      alreadyExcluded: customers.length - inserted.length,
      audience: await resolveAudience(tx, workspaceId, incidentId),
    };
  });
}

/** Lifts exclusions: the customers are in the audience again if anything puts them there. */
export function includeCustomers(
  db: DbOrTx,
  input: IncidentCommand & { customerIds: number[] },
): Promise<{ included: number; notExcluded: number; audience: Audience }> {
  const { workspaceId, incidentId } = input;
  return db.transaction(async (tx) => {
    await lockIncident(tx, workspaceId, incidentId);
    const customers = await namedCustomers(tx, workspaceId, input.customerIds);
    const deleted = await tx
      .delete(incidentAudienceExclusion)
      .where(
        and(
          eq(incidentAudienceExclusion.incidentId, incidentId),
          eq(incidentAudienceExclusion.workspaceId, workspaceId),
          inArray(
            incidentAudienceExclusion.customerId,
            customers.map((c) => c.id),
          ),
        ),
      )
      .returning({ customerId: incidentAudienceExclusion.customerId });
    if (deleted.length) {
      const names = externalIdsOf(
        customers,
        deleted.map((r) => r.customerId),
      );
      await record(tx, input, "audience_included", names, null);
    }
    return {
      included: deleted.length,
      notExcluded: customers.length - deleted.length,
      audience: await resolveAudience(tx, workspaceId, incidentId),
    };
  });
}
