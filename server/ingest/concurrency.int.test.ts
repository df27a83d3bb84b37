/**
 * Concurrent batches (real concurrency on PostgreSQL, serialised on PGlite): exactly one
 * incident per issue, no deadlocks with overlapping customers and ids, and aggregates equal
 * to a recount of the events whatever the interleaving with incident commands.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer, event, incident, incidentIssue, issue, workspaceSettings } from "@/db/schema";
import {
  addCustomers,
  attachIssue,
  createIncident,
  detachIssue,
  removeCustomers,
  updateIncident,
} from "@/server/incidents/service";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { ingestEvents } from "./index";
import {
  aggregateMismatches,
  makeEvent,
  post,
  RECENT_HOUR,
  workspaceWithKeys,
} from "./test-helpers";

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function workspace(customerThreshold: number) {
  const ws = await workspaceWithKeys(env);
  await env.db.insert(workspaceSettings).values({
    workspaceId: ws.workspace.id,
    incidentCustomerThreshold: customerThreshold,
    incidentEventsPerMinuteThreshold: 100_000,
  });
  return ws;
}

const minute = (m: number, s: number) =>
  new Date(RECENT_HOUR + m * 60_000 + (s % 60) * 1000).toISOString();

describe("concurrent ingest", () => {
  it("opens exactly one incident when concurrent batches push one issue past the threshold", async () => {
    for (let round = 0; round < 3; round++) {
      const ws = await workspace(10);
      // 6 clients, each with 4 new customers: every batch alone stays below 10, together above.
      const batches = Array.from({ length: 6 }, (_, client) => ({
        events: Array.from({ length: 8 }, (_, i) =>
          makeEvent({
            timestamp: minute(client, i),
            customer: { id: `r${round}-c${client}-${i % 4}` },
          }),
        ),
      }));
      const answers = await Promise.all(batches.map((b) => post(env.db, b, ws.ingestKey)));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
      const incidents = await env.db
        .select()
        .from(incident)
        .where(eq(incident.workspaceId, ws.workspace.id));
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ affectedCustomerCount: 24, eventCount: 48 });
      expect(await aggregateMismatches(env.db, ws.workspace.id)).toEqual([]);
    }
  });

  it("does not deadlock on overlapping customers and ids in different orders, and stores each id once", async () => {
    const ws = await workspace(1_000);
    const ids = Array.from({ length: 300 }, (_, i) => `shared-${i}`);
    const make = (id: string, i: number) =>
      makeEvent({
        id,
        timestamp: minute(i % 7, i),
        error: { type: `E${i % 3}`, message: "boom" },
        customer: { id: `cus-${i % 40}`, attributes: { n: i % 5 } },
      });
    const orders = [ids, [...ids].reverse(), ids.filter((_, i) => i % 2), [...ids].sort()];
    const answers = await Promise.all(
      orders.map((order) =>
        post(env.db, { events: order.map((id) => make(id, ids.indexOf(id))) }, ws.ingestKey),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const accepted = answers.reduce((n, a) => n + a.body.accepted, 0);
    expect(accepted).toBe(300);
    const stored = await env.db
      .select({ id: event.id })
      .from(event)
      .where(eq(event.workspaceId, ws.workspace.id));
    expect(stored).toHaveLength(300);
    expect(await aggregateMismatches(env.db, ws.workspace.id)).toEqual([]);
  });

  it("keeps incident aggregates exact while commands interleave with ingest", async () => {
    const ws = await workspace(1_000);
    const workspaceId = ws.workspace.id;
    const actorId = ws.owner.id;
    const ev = (type: string, c: number, s: number) =>
      makeEvent({
        timestamp: minute(s % 10, s),
        error: { type, message: "x" },
        customer: { id: `k${c}` },
      });
    await ingestEvents(env.db, workspaceId, [ev("A", 0, 0), ev("B", 1, 1)]);
    const issues = await env.db.select().from(issue).where(eq(issue.workspaceId, workspaceId));
    const [a, b] = ["A", "B"].map((t) => issues.find((i) => i.errorType === t)!.id);
    const inc = await createIncident(env.db, { workspaceId, title: "t", actorId, issueIds: [a] });

    const traffic = Array.from({ length: 8 }, (_, round) =>
      ingestEvents(
        env.db,
        workspaceId,
        Array.from({ length: 40 }, (_, i) =>
          ev(i % 2 ? "A" : "B", (round * 7 + i) % 30, round * 40 + i),
        ),
      ),
    );
    const known = await env.db
      .select({ id: customer.id })
      .from(customer)
      .where(eq(customer.workspaceId, workspaceId));
    const customerIds = known.map((c) => c.id);
    const commands = (async () => {
      await addCustomers(env.db, { workspaceId, incidentId: inc.id, actorId, customerIds });
      await attachIssue(env.db, { workspaceId, incidentId: inc.id, issueId: b, actorId });
      await removeCustomers(env.db, { workspaceId, incidentId: inc.id, actorId, customerIds });
      await updateIncident(env.db, {
        workspaceId,
        incidentId: inc.id,
        actorId,
        status: "resolved",
      });
      await updateIncident(env.db, {
        workspaceId,
        incidentId: inc.id,
        actorId,
        status: "identified",
      });
      await detachIssue(env.db, { workspaceId, incidentId: inc.id, issueId: a, actorId });
    })();
    await Promise.all([...traffic, commands]);

    const links = await env.db
      .select()
      .from(incidentIssue)
      .where(eq(incidentIssue.incidentId, inc.id));
    expect(links.map((l) => l.issueId)).toEqual([b]);
    expect(await aggregateMismatches(env.db, workspaceId)).toEqual([]);
  });
});
