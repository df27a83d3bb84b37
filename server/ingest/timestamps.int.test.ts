/**
 * POST /api/v1/events: which timestamps are taken. At most 24 h ahead, and no older than the
 * workspace's raw-event retention (EVENT_RETENTION_DAYS, 14, until the workspace sets its
 * own) — which also keeps out year 0001, which PostgreSQL stores but drizzle read back as
 * 2001.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer, event } from "@/db/schema";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { saveWorkspaceSettings } from "@/server/workspaces/settings";
import { makeEvent, post, tableCounts, workspaceWithKeys } from "./test-helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe("POST /api/v1/events: timestamps", () => {
  it("refuses events older than the default retention of 14 days, and year 0001", async () => {
    const ws = await workspaceWithKeys(env);
    const before = await tableCounts(env.db);
    const ancient = [
      "0001-01-01T00:00:00Z",
      "0099-12-31T23:59:59Z",
      "1970-01-01T00:00:00Z",
      daysAgo(14.01),
    ].map((timestamp) => makeEvent({ timestamp, customer: { id: "old" } }));
    const res = await post(env.db, { events: ancient }, ws.ingestKey);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: ancient.map((_, index) => ({
        index,
        error: "timestamp: older than this workspace's raw-event retention of 14 days",
      })),
    });
    expect(await tableCounts(env.db)).toEqual(before);

    const recent = makeEvent({ timestamp: daysAgo(13.9), customer: { id: "recent" } });
    const soon = makeEvent({ timestamp: new Date(Date.now() + 23 * 3_600_000).toISOString() });
    const later = makeEvent({ timestamp: new Date(Date.now() + 25 * 3_600_000).toISOString() });
    const ok = await post(env.db, { events: [recent, soon, later] }, ws.ingestKey);
    expect(ok.body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [{ index: 2, error: "timestamp: more than 24 hours in the future" }],
    });
    const [stored] = await env.db
      .select({ at: event.occurredAt })
      .from(event)
      .where(eq(event.clientId, recent.id));
    expect(stored.at.toISOString()).toBe(recent.timestamp);
    const [seen] = await env.db
      .select({ at: customer.lastSeenAt })
      .from(customer)
      .where(eq(customer.externalId, "recent"));
    expect(seen.at!.toISOString()).toBe(recent.timestamp);
  });

  it("follows the workspace's own retention", async () => {
    const ws = await workspaceWithKeys(env);
    const send = (days: number) =>
      post(env.db, { events: [makeEvent({ timestamp: daysAgo(days) })] }, ws.ingestKey);
    await saveWorkspaceSettings(env.db, ws.workspace.id, {
      incidentCustomerThreshold: 25,
      incidentEventsPerMinuteThreshold: 100,
      eventRetentionDays: 30,
    });
    expect((await send(29)).body).toMatchObject({ accepted: 1, rejected: [] });
    expect((await send(31)).body.rejected).toEqual([
      { index: 0, error: "timestamp: older than this workspace's raw-event retention of 30 days" },
    ]);
    await saveWorkspaceSettings(env.db, ws.workspace.id, {
      incidentCustomerThreshold: 25,
      incidentEventsPerMinuteThreshold: 100,
      eventRetentionDays: 1,
    });
    expect((await send(0.9)).body).toMatchObject({ accepted: 1, rejected: [] });
    expect((await send(1.1)).body.rejected).toEqual([
      { index: 0, error: "timestamp: older than this workspace's raw-event retention of 1 day" },
    ]);
  });
});
