/**
 * Segment commands: create, update, remove. Each runs in one transaction, validates all of its
 * input before writing (bad input stores nothing), keeps names unique per workspace ignoring
 * case, and records who made the change and when.
 *
 * A segment can be the audience rule of incidents, so changing it changes who those incidents
 * would message. Editing its rule records `audience_rule_changed` (from → to: the rule in
 * words) in the timeline of every incident it is the audience of; removing it is refused while
 * it is the audience of an unresolved incident, and on resolved ones clears the audience rule
 * and records `audience_segment` (from: its name, to: null).
 */
import { createHash } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { incident, incidentActivity, incidentAudience, segment } from "@/db/schema";
import { z } from "zod";
import { conflict, notFound } from "@/server/errors";
import { getSegment } from "./queries";
import { canonicalRule, describeRule, ruleKey, type Rule } from "./rule";
import { createSegmentInput, updateSegmentInput, type Segment } from "./schemas";
import { parseInput as parse } from "./validate";

/** SHA-256 of the canonical rule's JSON (segment.rule_hash). */
export function ruleHash(rule: Rule): string {
  return createHash("sha256").update(ruleKey(rule)).digest("hex");
}

/** Activity values are for people to read; a long rule is cut to this many characters. */
const ACTIVITY_TEXT_MAX = 500;
export const activityText = (s: string) =>
  s.length <= ACTIVITY_TEXT_MAX ? s : `${s.slice(0, ACTIVITY_TEXT_MAX - 1)}…`;

/**
 * Serialises name checks (and adopting by rule) within one workspace, so that two creates of
 * one name cannot both pass. Lock order: this lock before any segment or incident row.
 */
export async function lockSegmentNames(tx: Tx, workspaceId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${"segment_name:" + workspaceId}, 0))`,
  );
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: segment.id, name: segment.name })
    .from(segment)
    .where(
      and(
        eq(segment.workspaceId, workspaceId),
        sql`lower(${segment.name}) = lower(${name})`,
        exceptId ? ne(segment.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw conflict(`A segment named "${taken.name}" already exists in this workspace.`);
}

export interface CreateSegmentInput {
  workspaceId: string;
  actorId: string | null;
  name: string;
  description?: string;
  /** Validated here: a rule as callers send it is fine. */
  rule: unknown;
}

export function createSegment(db: DbOrTx, input: CreateSegmentInput): Promise<Segment> {
  const { name, description, rule } = parse(createSegmentInput, input);
  return db.transaction(async (tx) => {
    const id = await insertSegment(tx, input.workspaceId, input.actorId, {
      name,
      description,
      rule,
    });
    return getSegment(tx, input.workspaceId, { id });
  });
}

/** Inserts a valid segment after checking its name; also used when adopting an engine segment. */
export async function insertSegment(
  tx: Tx,
  workspaceId: string,
  actorId: string | null,
  s: { name: string; description: string; rule: Rule },
): Promise<string> {
  await lockSegmentNames(tx, workspaceId);
  await assertNameFree(tx, workspaceId, s.name);
  const rule = canonicalRule(s.rule);
  const [row] = await tx
    .insert(segment)
    .values({
      workspaceId,
      name: s.name,
      description: s.description,
      rule,
      ruleHash: ruleHash(rule),
      createdBy: actorId,
      updatedBy: actorId,
    })
    .returning({ id: segment.id });
  return row.id;
}

export interface UpdateSegmentInput {
  workspaceId: string;
  actorId: string | null;
  id: string;
  name?: string;
  description?: string;
  rule?: unknown;
}

/** Changes name, description and/or rule; a changed rule is recorded on its incidents. */
export function updateSegment(db: DbOrTx, input: UpdateSegmentInput): Promise<Segment> {
  const { workspaceId, actorId } = input;
  const changes = parse(updateSegmentInput, input);
  return db.transaction(async (tx) => {
    if (changes.name !== undefined) await lockSegmentNames(tx, workspaceId);
    const current = await lockSegment(tx, workspaceId, changes.id);
    const set: Partial<typeof segment.$inferInsert> = {};
    if (changes.name !== undefined && changes.name !== current.name) {
      await assertNameFree(tx, workspaceId, changes.name, current.id);
      set.name = changes.name;
    }
    if (changes.description !== undefined && changes.description !== current.description) {
      set.description = changes.description;
    }
    if (changes.rule !== undefined) {
      const hash = ruleHash(changes.rule);
      if (hash !== current.ruleHash) {
        set.rule = changes.rule;
        set.ruleHash = hash;
        await recordOnIncidents(
          tx,
          workspaceId,
          current.id,
          "audience_rule_changed",
          activityText(describeRule(current.rule)),
          activityText(describeRule(changes.rule)),
          actorId,
        );
      }
    }
    if (Object.keys(set).length > 0) {
      await tx
        .update(segment)
        .set({ ...set, updatedBy: actorId, updatedAt: new Date() })
        .where(and(eq(segment.id, current.id), eq(segment.workspaceId, workspaceId)));
    }
    return getSegment(tx, workspaceId, { id: current.id });
  });
}

export interface RemoveSegmentInput {
  workspaceId: string;
  actorId: string | null;
  id: string;
}

/**
 * Deletes a segment. Refused (conflict, naming the incidents) while it is the audience rule of
 * an unresolved incident; resolved incidents that used it keep their timeline and lose the rule.
 */
export function removeSegment(
  db: DbOrTx,
  input: RemoveSegmentInput,
): Promise<{ id: string; clearedFrom: number }> {
  const { workspaceId, actorId } = input;
  const id = parse(z.uuid("Must be a segment id"), input.id);
  return db.transaction(async (tx) => {
    const current = await lockSegment(tx, workspaceId, id);
    const users = await tx
      .select({ number: incident.number, status: incident.status })
      .from(incidentAudience)
      .innerJoin(
        incident,
        and(eq(incident.id, incidentAudience.incidentId), eq(incident.workspaceId, workspaceId)),
      )
      .where(and(eq(incidentAudience.workspaceId, workspaceId), eq(incidentAudience.segmentId, id)))
      .orderBy(incident.number);
    const open = users.filter((u) => u.status !== "resolved");
    if (open.length > 0) {
      throw conflict(
        `"${current.name}" is the audience of ${open.map((u) => `INC-${u.number}`).join(", ")}; ` +
          "give those incidents another audience first.",
        { incidents: open.map((u) => u.number) },
      );
    }
    await recordOnIncidents(tx, workspaceId, id, "audience_segment", current.name, null, actorId);
    await tx
      .update(incidentAudience)
      .set({ segmentId: null, setBy: actorId, setAt: new Date() })
      .where(
        and(eq(incidentAudience.workspaceId, workspaceId), eq(incidentAudience.segmentId, id)),
      );
    await tx.delete(segment).where(and(eq(segment.id, id), eq(segment.workspaceId, workspaceId)));
    return { id, clearedFrom: users.length };
  });
}

/** Row-locks a segment of the workspace (not found otherwise) and returns it. */
export async function lockSegment(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(segment)
    .where(and(eq(segment.id, id), eq(segment.workspaceId, workspaceId)))
    .for("update");
  if (!row) throw notFound("Segment");
  return row;
}

/** One activity row on each incident whose audience the segment is. */
async function recordOnIncidents(
  tx: Tx,
  workspaceId: string,
  segmentId: string,
  kind: string,
  fromValue: string | null,
  toValue: string | null,
  actorId: string | null,
) {
  await tx.execute(sql`
    insert into ${incidentActivity} (workspace_id, incident_id, kind, from_value, to_value, actor_id)
    select ${workspaceId}, ${incidentAudience.incidentId}, ${kind}, ${fromValue}::text,
      ${toValue}::text, ${actorId}::text
    from ${incidentAudience}
    where ${incidentAudience.workspaceId} = ${workspaceId}
      and ${incidentAudience.segmentId} = ${segmentId}`);
}
