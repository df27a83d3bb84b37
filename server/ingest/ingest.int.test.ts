import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contact, customer, event, incident, incidentActivity, issue } from "@/db/schema";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { ingestEvents } from "./index";
import { queryRows } from "./sql";
import {
  aggregateMismatches,
  makeEvent,
  post,
  RECENT_HOUR,
  workspaceWithKeys,
  workspaceWithThresholds,
} from "./test-helpers";

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const at = (minute: number, second = 0) =>
  new Date(RECENT_HOUR + minute * 60_000 + second * 1000).toISOString();

describe("POST /api/v1/events: duplicates", () => {
  it("counts an id seen in an earlier batch or earlier in the same batch as a duplicate", async () => {
    const ws = await workspaceWithKeys(env);
    const a = makeEvent();
    const b = makeEvent();
    const first = await post(env.db, { events: [a, b, { ...a, service: "other" }] }, ws.ingestKey);
    expect(first.body).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    const c = makeEvent();
    const second = await post(env.db, { events: [b, c, a] }, ws.ingestKey);
    expect(second.body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });

    const stored = await env.db.select().from(event).where(eq(event.workspaceId, ws.workspace.id));
    expect(stored.map((e) => e.clientId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(stored.find((e) => e.clientId === a.id)!.service).toBe("checkout");
    const [i] = await env.db.select().from(issue).where(eq(issue.workspaceId, ws.workspace.id));
    expect(i.eventCount).toBe(3);
  });

  it("leaves no empty issue behind when every event of a new fingerprint is a duplicate", async () => {
    const ws = await workspaceWithKeys(env);
    const a = makeEvent();
    await post(env.db, { events: [a] }, ws.ingestKey);
    const res = await post(env.db, { events: [{ ...a, fingerprint: "brand-new" }] }, ws.ingestKey);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 1 });
    const issues = await env.db.select().from(issue).where(eq(issue.workspaceId, ws.workspace.id));
    expect(issues.map((i) => i.fingerprint)).not.toContain("brand-new");
  });
});

describe("POST /api/v1/events: the customer directory", () => {
  it("creates unknown customers, merges attributes old || new and adds new emails as contacts", async () => {
    const ws = await workspaceWithKeys(env);
    await post(
      env.db,
      {
        events: [
          makeEvent({
            timestamp: at(1),
            customer: {
              id: "acme",
              name: "Acme",
              email: "Ops@Acme.test",
              attributes: { plan: "pro", region: "eu" },
            },
          }),
          makeEvent({ timestamp: at(3), customer: { id: "acme", attributes: { seats: 40 } } }),
        ],
      },
      ws.ingestKey,
    );
    await post(
      env.db,
      {
        events: [
          makeEvent({
            timestamp: at(2),
            customer: {
              id: "acme",
              email: "ops@acme.test",
              attributes: { plan: "enterprise", beta: true },
            },
          }),
          makeEvent({ timestamp: at(2), customer: { id: "acme", email: "cto@acme.test" } }),
        ],
      },
      ws.ingestKey,
    );
    const [c] = await env.db
      .select()
      .from(customer)
      .where(and(eq(customer.workspaceId, ws.workspace.id), eq(customer.externalId, "acme")));
    expect(c.name).toBe("Acme");
    expect(c.attributes).toEqual({ plan: "enterprise", region: "eu", seats: 40, beta: true });
    expect(c.lastSeenAt?.toISOString()).toBe(at(3));
    const contacts = await env.db.select().from(contact).where(eq(contact.customerId, c.id));
    expect(contacts.map((x) => x.email).sort()).toEqual(["cto@acme.test", "ops@acme.test"]);
  });

  it("rewrites a known customer only when a name, an attribute or last_seen_at moves on", async () => {
    const ws = await workspaceWithKeys(env);
    const version = async () => {
      const rows = await queryRows<{ v: string }>(
        env.db,
        sql`select xmin::text as v from customer
            where workspace_id = ${ws.workspace.id} and external_id = 'acme'`,
      );
      return rows[0].v;
    };
    const send = (minute: number, c: Record<string, unknown>) =>
      post(
        env.db,
        { events: [makeEvent({ timestamp: at(minute), customer: { id: "acme", ...c } })] },
        ws.ingestKey,
      );
    await send(0, { name: "Acme", email: "ops@acme.test", attributes: { plan: "pro", seats: 40 } });
    const first = await version();
    // The same facts, a subset of them, a contact it has, a minute later: only read.
    await send(1, { name: "Acme", email: "ops@acme.test", attributes: { plan: "pro" } });
    await send(2, { attributes: { seats: 40 } });
    expect(await version()).toBe(first);
    // A changed value, a new attribute, a new name, five minutes on: each one a write.
    const versions = [first];
    for (const [minute, c] of [
      [3, { attributes: { seats: 41 } }],
      [4, { attributes: { beta: true } }],
      [4, { name: "Acme Corp" }],
      [9, {}],
    ] as const) {
      await send(minute, c);
      versions.push(await version());
    }
    expect(new Set(versions).size).toBe(versions.length);
    // A new email only adds a contact.
    const before = await version();
    await send(9, { email: "cto@acme.test" });
    expect(await version()).toBe(before);
    const [c] = await env.db
      .select()
      .from(customer)
      .where(and(eq(customer.workspaceId, ws.workspace.id), eq(customer.externalId, "acme")));
    expect(c).toMatchObject({
      name: "Acme Corp",
      attributes: { plan: "pro", seats: 41, beta: true },
    });
    expect(c.lastSeenAt?.toISOString()).toBe(at(9));
    const contacts = await env.db.select().from(contact).where(eq(contact.customerId, c.id));
    expect(contacts.map((x) => x.email).sort()).toEqual(["cto@acme.test", "ops@acme.test"]);
  });
});

describe("POST /api/v1/events: workspace isolation", () => {
  it("stores events from workspace A's key only in A, even with the same ids and customers", async () => {
    const a = await workspaceWithKeys(env);
    const b = await workspaceWithKeys(env);
    const shared = makeEvent({
      id: "same-id",
      customer: { id: "same-customer", attributes: { plan: "a" } },
    });
    expect((await post(env.db, { events: [shared] }, a.ingestKey)).body.accepted).toBe(1);
    const fromB = { ...shared, customer: { id: "same-customer", attributes: { plan: "b" } } };
    expect((await post(env.db, { events: [fromB] }, b.ingestKey)).body.accepted).toBe(1);

    for (const [ws, plan] of [
      [a, "a"],
      [b, "b"],
    ] as const) {
      const evs = await env.db.select().from(event).where(eq(event.workspaceId, ws.workspace.id));
      expect(evs).toHaveLength(1);
      const cs = await env.db
        .select()
        .from(customer)
        .where(eq(customer.workspaceId, ws.workspace.id));
      expect(cs.map((c) => [c.externalId, c.attributes.plan])).toEqual([["same-customer", plan]]);
      expect(evs[0].customerId).toBe(cs[0].id);
      const is = await env.db.select().from(issue).where(eq(issue.workspaceId, ws.workspace.id));
      expect(is.map((i) => i.eventCount)).toEqual([1]);
    }
  });
});

describe("incidents open by themselves", () => {
  const incidentsOf = (workspaceId: string) =>
    env.db.select().from(incident).where(eq(incident.workspaceId, workspaceId));

  it("opens one incident when distinct customers reach the threshold, with aggregates that match the events", async () => {
    const ws = await workspaceWithThresholds(env, 5, 1000);
    const hit = (n: number, minute: number) =>
      makeEvent({ timestamp: at(minute, n), customer: { id: `cus-${n}` } });
    // Four customers, many events: below the threshold.
    await ingestEvents(
      env.db,
      ws.workspace.id,
      [0, 1, 2, 3, 0, 1].map((n, i) => hit(n, i)),
    );
    expect(await incidentsOf(ws.workspace.id)).toHaveLength(0);
    // The fifth customer opens it.
    await ingestEvents(env.db, ws.workspace.id, [hit(4, 7), hit(0, 8)]);
    const [opened] = await incidentsOf(ws.workspace.id);
    expect(opened).toMatchObject({
      number: 1,
      status: "investigating",
      title: "PaymentError in checkout",
      openedBy: null,
      affectedCustomerCount: 5,
      eventCount: 8,
    });
    expect(opened.startedAt.toISOString()).toBe(at(0, 0));
    const activity = await env.db
      .select()
      .from(incidentActivity)
      .where(eq(incidentActivity.incidentId, opened.id));
    expect(activity.find((a) => a.kind === "opened")).toMatchObject({
      actorId: null,
      toValue: "investigating",
    });

    // Later events land in the incident; no second incident opens.
    await ingestEvents(env.db, ws.workspace.id, [hit(5, 9), hit(6, 9), hit(1, 10)]);
    const after = await incidentsOf(ws.workspace.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ affectedCustomerCount: 7, eventCount: 11 });
    expect(after[0].lastEventAt?.toISOString()).toBe(at(10, 1));
    expect(await aggregateMismatches(env.db, ws.workspace.id)).toEqual([]);
  });

  it("opens an incident when one minute reaches the events-per-minute threshold", async () => {
    const ws = await workspaceWithThresholds(env, 1000, 10);
    const burst = (count: number, minute: number) =>
      Array.from({ length: count }, (_, i) =>
        makeEvent({
          timestamp: at(minute, i),
          error: { type: "Timeout", message: `after ${i} ms` },
        }),
      );
    await ingestEvents(env.db, ws.workspace.id, [...burst(9, 20), ...burst(9, 21)]);
    expect(await incidentsOf(ws.workspace.id)).toHaveLength(0);
    await ingestEvents(env.db, ws.workspace.id, burst(1, 21));
    const opened = await incidentsOf(ws.workspace.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      title: "Timeout in checkout",
      eventCount: 19,
      affectedCustomerCount: 1,
    });
    expect(await aggregateMismatches(env.db, ws.workspace.id)).toEqual([]);
  });

  it("uses the defaults (25 customers) when the workspace has no settings", async () => {
    const ws = await workspaceWithKeys(env);
    const evs = Array.from({ length: 24 }, (_, i) => makeEvent({ customer: { id: `c${i}` } }));
    await ingestEvents(env.db, ws.workspace.id, evs);
    expect(await incidentsOf(ws.workspace.id)).toHaveLength(0);
    await ingestEvents(env.db, ws.workspace.id, [makeEvent({ customer: { id: "c24" } })]);
    expect(await incidentsOf(ws.workspace.id)).toHaveLength(1);
  });
});
