/**
 * Recurrence: an error whose incident was resolved comes back. Only what it does after the
 * resolution counts towards the threshold, and crossing it reopens that incident rather than
 * opening a second one with the same history.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incident, incidentActivity } from "@/db/schema";
import { ingestEvents } from "@/server/ingest";
import {
  aggregateMismatches,
  makeEvent,
  workspaceWithThresholds,
} from "@/server/ingest/test-helpers";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { updateIncident } from "./service";

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const incidentsOf = (workspaceId: string) =>
  env.db
    .select()
    .from(incident)
    .where(eq(incident.workspaceId, workspaceId))
    .orderBy(asc(incident.number));

/** Events happening now (recurrences are judged against the wall-clock resolution time). */
const hits = (customers: string[]) =>
  customers.map((c) => makeEvent({ timestamp: new Date().toISOString(), customer: { id: c } }));
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `cus-${from + i}`);

describe("auto-open after a resolution", () => {
  it("counts only customers hit since the resolution, then reopens the resolved incident", async () => {
    const ws = await workspaceWithThresholds(env, 5, 1000);
    const workspaceId = ws.workspace.id;
    await ingestEvents(env.db, workspaceId, hits(range(0, 6)));
    const [first] = await incidentsOf(workspaceId);
    expect(first).toMatchObject({ status: "investigating", affectedCustomerCount: 6 });
    await updateIncident(env.db, {
      workspaceId,
      incidentId: first.id,
      actorId: ws.owner.id,
      status: "resolved",
    });

    // The error comes back for four customers (two already hit before): below the threshold,
    // although the issue has now hit eight customers in all.
    await ingestEvents(env.db, workspaceId, hits(["cus-0", "cus-1", "cus-6", "cus-7"]));
    expect(await incidentsOf(workspaceId)).toMatchObject([{ id: first.id, status: "resolved" }]);

    // A fifth customer since the resolution: the same incident reopens with the whole story.
    await ingestEvents(env.db, workspaceId, hits(["cus-8"]));
    const after = await incidentsOf(workspaceId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: first.id,
      status: "investigating",
      resolvedAt: null,
      affectedCustomerCount: 9,
      eventCount: 11,
    });
    const activity = await env.db
      .select()
      .from(incidentActivity)
      .where(eq(incidentActivity.incidentId, first.id))
      .orderBy(asc(incidentActivity.at));
    expect(activity.at(-1)).toMatchObject({
      kind: "status",
      fromValue: "resolved",
      toValue: "investigating",
      actorId: null,
    });
    expect(await aggregateMismatches(env.db, workspaceId)).toEqual([]);

    // Once open again, further events land in it; still one incident.
    await ingestEvents(env.db, workspaceId, hits(["cus-9"]));
    expect(await incidentsOf(workspaceId)).toMatchObject([
      { id: first.id, affectedCustomerCount: 10 },
    ]);
  });
});
