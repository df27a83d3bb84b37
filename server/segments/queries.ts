/**
 * Reading saved segments and previewing a rule. Every query names the workspace, so another
 * workspace's segment reads as "not found".
 */
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { customer, incidentAudience, segment, user } from "@/db/schema";
import { notFound } from "@/server/errors";
import { compileRule } from "./compile";
import type { Rule } from "./rule";
import { PREVIEW_SAMPLE, type Preview, type Segment, type SegmentRef } from "./schemas";

const creator = alias(user, "creator");
const updater = alias(user, "updater");

function selectSegments(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      id: segment.id,
      name: segment.name,
      description: segment.description,
      rule: segment.rule,
      createdById: segment.createdBy,
      createdByName: creator.name,
      createdAt: segment.createdAt,
      updatedById: segment.updatedBy,
      updatedByName: updater.name,
      updatedAt: segment.updatedAt,
      incidentCount: sql<number>`(
        select count(*)::int from ${incidentAudience}
        where ${incidentAudience.workspaceId} = ${segment.workspaceId}
          and ${incidentAudience.segmentId} = ${segment.id}
      )`,
    })
    .from(segment)
    .leftJoin(creator, eq(creator.id, segment.createdBy))
    .leftJoin(updater, eq(updater.id, segment.updatedBy))
    .where(where);
}

type SegmentRow = Awaited<ReturnType<typeof selectSegments>>[number];

function toSegment(r: SegmentRow): Segment {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    rule: r.rule,
    createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? "" } : null,
    createdAt: r.createdAt,
    updatedBy: r.updatedById ? { id: r.updatedById, name: r.updatedByName ?? "" } : null,
    updatedAt: r.updatedAt,
    incidentCount: Number(r.incidentCount),
  };
}

/** The workspace's saved segments, by name (ignoring case). */
export async function listSegments(db: DbOrTx, workspaceId: string): Promise<Segment[]> {
  const rows = await selectSegments(db, eq(segment.workspaceId, workspaceId)).orderBy(
    sql`lower(${segment.name})`,
    segment.id,
  );
  return rows.map(toSegment);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One segment, by id or by name (ignoring case); not found for another workspace's. */
export async function getSegment(
  db: DbOrTx,
  workspaceId: string,
  ref: SegmentRef,
): Promise<Segment> {
  if (ref.id !== undefined && !UUID_RE.test(ref.id)) throw notFound("Segment");
  const which =
    ref.id !== undefined
      ? eq(segment.id, ref.id)
      : sql`lower(${segment.name}) = lower(${(ref.name ?? "").trim()})`;
  const [row] = await selectSegments(db, and(eq(segment.workspaceId, workspaceId), which)).limit(1);
  if (!row) throw notFound("Segment");
  return toSegment(row);
}

/**
 * How many of the workspace's customers the rule selects, and the newest few of them.
 * Equality conditions are answered by the attributes GIN index; other conditions are
 * evaluated per customer of the workspace (its rows are read through customer_workspace_id_idx
 * or a scan); bench/audience.ts (npm run bench:audience) measures it at 200,000 customers.
 */
export async function previewRule(db: DbOrTx, workspaceId: string, rule: Rule): Promise<Preview> {
  const where = and(eq(customer.workspaceId, workspaceId), compileRule(rule))!;
  const [[counted], sample] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(customer)
      .where(where),
    db
      .select({
        id: customer.id,
        externalId: customer.externalId,
        name: customer.name,
        attributes: customer.attributes,
      })
      .from(customer)
      .where(where)
      .orderBy(desc(customer.id))
      .limit(PREVIEW_SAMPLE),
  ]);
  return { count: Number(counted.n), sample };
}
