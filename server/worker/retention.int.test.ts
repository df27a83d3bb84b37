import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event, incident, issue, workspaceSettings } from "@/db/schema";
import { ingestEvents } from "@/server/ingest";
import { makeEvent, workspaceWithKeys } from "@/server/ingest/test-helpers";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { queryRows } from "@/server/ingest/sql";
import { runRetention, startWorker } from "./index";

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const DAY = 24 * 60 * 60 * 1000;
const days = (n: number) => new Date(Date.now() + n * DAY);

async function workspaceWithEvents(n: number, retentionDays?: number) {
  const ws = await workspaceWithKeys(env);
  if (retentionDays !== undefined) {
    await env.db.insert(workspaceSettings).values({
      workspaceId: ws.workspace.id,
      eventRetentionDays: retentionDays,
      incidentCustomerThreshold: 2,
    });
  }
  const events = Array.from({ length: n }, (_, i) => makeEvent({ customer: { id: `c${i % 3}` } }));
  await ingestEvents(env.db, ws.workspace.id, events);
  return ws.workspace.id;
}

const eventCount = async (workspaceId: string) =>
  (
    await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(event)
      .where(eq(event.workspaceId, workspaceId))
  )[0].n;

describe("runRetention", () => {
  it("deletes raw events past each workspace's window and keeps every aggregate", async () => {
    const standard = await workspaceWithEvents(12); // no settings: EVENT_RETENTION_DAYS (14)
    const longer = await workspaceWithEvents(7, 30);
    const issuesBefore = await env.db.select().from(issue).where(eq(issue.workspaceId, longer));
    const [incidentBefore] = await env.db
      .select()
      .from(incident)
      .where(eq(incident.workspaceId, longer));
    expect(incidentBefore.affectedCustomerCount).toBe(3);

    expect(await runRetention(env.db, days(13))).toEqual({ deleted: 0 });
    expect(await eventCount(standard)).toBe(12);

    await runRetention(env.db, days(15), { chunk: 5 });
    expect(await eventCount(standard)).toBe(0);
    expect(await eventCount(longer)).toBe(7);

    await runRetention(env.db, days(31));
    expect(await eventCount(longer)).toBe(0);
    expect(await env.db.select().from(issue).where(eq(issue.workspaceId, longer))).toEqual(
      issuesBefore,
    );
    const [incidentAfter] = await env.db
      .select()
      .from(incident)
      .where(eq(incident.workspaceId, longer));
    expect(incidentAfter).toMatchObject({ affectedCustomerCount: 3, eventCount: 7 });
  });

  it("keeps events ids deduplicated only while the events are kept", async () => {
    const ws = await workspaceWithKeys(env);
    const e = makeEvent();
    await ingestEvents(env.db, ws.workspace.id, [e]);
    expect((await ingestEvents(env.db, ws.workspace.id, [e])).duplicates).toBe(1);
    await runRetention(env.db, days(15));
    expect((await ingestEvents(env.db, ws.workspace.id, [e])).accepted).toBe(1);
  });
});

describe("startWorker", () => {
  it("runs retention on its schedule until stopped", async () => {
    const workspaceId = await workspaceWithEvents(4);
    const runs: string[] = [];
    const worker = startWorker({
      getDb: async () => env.db,
      intervalMs: 20,
      firstRunDelayMs: 0,
      clock: () => days(20),
      log: (m) => runs.push(m),
    });
    await expect.poll(() => eventCount(workspaceId), { timeout: 5_000 }).toBe(0);
    await worker.stop();
    expect(runs.some((m) => /deleted \d+ raw events/.test(m))).toBe(true);
  });

  it("refreshes planner statistics when asked to (PGlite has no autovacuum)", async () => {
    await workspaceWithEvents(3);
    const analyzed = async () => {
      const [row] = await queryRows<{ n: number }>(
        env.db,
        sql`select analyze_count::int as n from pg_stat_user_tables where relname = 'customer'`,
      );
      return Number(row.n);
    };
    const before = await analyzed();
    const worker = startWorker({ getDb: async () => env.db, firstRunDelayMs: 0, analyze: true });
    await expect.poll(analyzed, { timeout: 10_000 }).toBeGreaterThan(before);
    await worker.stop();
  });
});
