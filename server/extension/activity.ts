/**
 * What agents did with the approved words (POST /activity): "Ada inserted update #2 into a
 * reply to Tenant 042" on the incident's timeline (kind `reply_inserted`, from_value the
 * update's number, to_value the customer). The same agent inserting the same update for the
 * same customer again within REPEAT_WINDOW_MS is recorded once: the timeline shows the most
 * recent 200 entries, and a busy support desk must not push the incident's own history out.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentActivity, statusUpdate } from "@/db/schema";
import { notFound } from "@/server/errors";
import { isUuid } from "@/server/incidents/aggregates";
import { resolveIncidentId } from "@/server/incidents/queries";
import type { ExtensionCaller } from "./auth";
import { customerLabel, customerNamed } from "./customers";
import type { ActivityBody } from "./schemas";

export const REPLY_INSERTED = "reply_inserted";
export const REPEAT_WINDOW_MS = 60 * 60 * 1000;

export async function recordActivity(
  db: Db,
  caller: ExtensionCaller,
  input: ActivityBody,
  now: Date = new Date(),
): Promise<{ recorded: boolean }> {
  const workspaceId = caller.workspace.id;
  const incidentId = await resolveIncidentId(db, workspaceId, input.incident_id);
  if (!isUuid(input.update_id)) throw notFound("Status update");
  const [update] = await db
    .select({ number: statusUpdate.number })
    .from(statusUpdate)
    .where(
      and(
        eq(statusUpdate.id, input.update_id),
        eq(statusUpdate.workspaceId, workspaceId),
        eq(statusUpdate.incidentId, incidentId),
        eq(statusUpdate.state, "sent"),
      ),
    );
  if (!update) throw notFound("Status update");
  const c = await customerNamed(db, workspaceId, input.customer);
  const entry = {
    workspaceId,
    incidentId,
    kind: REPLY_INSERTED,
    fromValue: String(update.number),
    toValue: customerLabel(c),
    actorId: caller.user.id,
  };
  return db.transaction(async (tx) => {
    // Serialise an agent's repeats of one entry, so two quick clicks record it once.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`reply_inserted:${incidentId}:${caller.user.id}`}, 0))`,
    );
    const [recent] = await tx
      .select({ id: incidentActivity.id })
      .from(incidentActivity)
      .where(
        and(
          eq(incidentActivity.incidentId, incidentId),
          eq(incidentActivity.workspaceId, workspaceId),
          eq(incidentActivity.kind, REPLY_INSERTED),
          eq(incidentActivity.actorId, caller.user.id),
          eq(incidentActivity.fromValue, entry.fromValue),
          eq(incidentActivity.toValue, entry.toValue),
          gte(incidentActivity.at, new Date(now.getTime() - REPEAT_WINDOW_MS)),
        ),
      )
      .limit(1);
    if (recent) return { recorded: false };
    await tx.insert(incidentActivity).values({ ...entry, at: now });
    return { recorded: true };
  });
}
