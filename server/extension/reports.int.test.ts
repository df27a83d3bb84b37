/**
 * POST /api/extension/v1/reports: a customer reported affected joins the incident by hand,
 * with the agent's note on the timeline; suspected problems group by their note's words
 * within 24 h; refused reports store nothing.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  incident,
  incidentActivity,
  incidentCustomer,
  reportGroup,
  supportReport,
} from "@/db/schema";
import { seedIncident } from "@/server/incidents/testing";
import { seedPeople } from "@/server/messaging/updates-testing";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { reportsApi } from "./api";
import { authenticateToken } from "./auth";
import { reportSuspected } from "./reports";
import { agentRequest, agentWorkspace, answer } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const report = (token: string, body: unknown) =>
  answer(reportsApi(env.db, agentRequest("/reports", token, body)));

async function world() {
  const a = await agentWorkspace(env);
  const ws = a.workspace.id;
  const [ada, bob, cy] = await seedPeople(env.db, ws, [
    { name: "Tenant 042", emails: ["ada@tenant42.example"] },
    { name: "Tenant 043", emails: ["bob@tenant43.example"] },
    { name: "Tenant 044", emails: ["cy@tenant44.example"] },
  ]);
  const active = await seedIncident(env.db, ws, { title: "Checkout fails" });
  const resolved = await seedIncident(env.db, ws, { title: "Old", status: "resolved" });
  return { ...a, ids: { ada, bob, cy }, active, resolved };
}

/** Everything a report could have written for the workspace. */
async function stored(workspaceId: string) {
  const n = async (table: typeof supportReport | typeof reportGroup | typeof incidentActivity) =>
    (await env.db.select({ n: count() }).from(table).where(eq(table.workspaceId, workspaceId)))[0]
      .n;
  const customers = (
    await env.db
      .select({ n: count() })
      .from(incidentCustomer)
      .where(eq(incidentCustomer.workspaceId, workspaceId))
  )[0].n;
  return {
    reports: await n(supportReport),
    groups: await n(reportGroup),
    activity: await n(incidentActivity),
    customers,
  };
}

const ada = { kind: "email", value: "ADA@tenant42.example" } as const;

describe("POST /api/extension/v1/reports: affected", () => {
  it("adds the customer by hand, as the agent, and puts the note on the timeline", async () => {
    const w = await world();
    const res = await report(w.tokens.responder, {
      kind: "affected",
      incident_id: `INC-${w.active.number}`,
      customer: ada,
      note: "  Checkout spins forever for them  ",
      ticket_url: "https://acme.zendesk.com/agent/tickets/812",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      report_id: expect.any(String),
      group_id: null,
      customers_in_group: null,
    });

    const [added] = await env.db
      .select()
      .from(incidentCustomer)
      .where(eq(incidentCustomer.incidentId, w.active.id));
    expect(added).toMatchObject({
      customerId: w.ids.ada,
      source: "manual",
      addedBy: w.users.responder.id,
    });
    const [inc] = await env.db.select().from(incident).where(eq(incident.id, w.active.id));
    expect(inc.affectedCustomerCount).toBe(1);

    const timeline = await env.db
      .select()
      .from(incidentActivity)
      .where(eq(incidentActivity.incidentId, w.active.id));
    expect(timeline.find((a) => a.kind === "customer_reported")).toMatchObject({
      toValue: "Tenant 042",
      note: "Checkout spins forever for them",
      actorId: w.users.responder.id,
    });
    expect(timeline.some((a) => a.kind === "customer_added")).toBe(true);

    const [row] = await env.db
      .select()
      .from(supportReport)
      .where(eq(supportReport.id, res.body.report_id));
    const caller = await authenticateToken(
      env.db,
      agentRequest("/me", w.tokens.responder),
      "viewer",
    );
    expect(row).toMatchObject({
      kind: "affected",
      incidentId: w.active.id,
      groupId: null,
      customerId: w.ids.ada,
      ticketUrl: "https://acme.zendesk.com/agent/tickets/812",
      reportedBy: w.users.responder.id,
      tokenId: caller.tokenId,
    });
  });

  it("reports a customer the incident already has without adding them twice", async () => {
    const w = await world();
    const body = { kind: "affected", incident_id: w.active.id, customer: ada };
    expect((await report(w.tokens.commander, body)).status).toBe(201);
    expect((await report(w.tokens.responder, body)).status).toBe(201);
    const rows = await env.db
      .select()
      .from(incidentCustomer)
      .where(eq(incidentCustomer.incidentId, w.active.id));
    expect(rows).toHaveLength(1);
    const reported = await env.db
      .select()
      .from(incidentActivity)
      .where(
        and(
          eq(incidentActivity.incidentId, w.active.id),
          eq(incidentActivity.kind, "customer_reported"),
        ),
      );
    expect(reported.map((r) => r.note)).toEqual([null, null]);
  });

  it("refuses, storing nothing: a viewer, a resolved or unknown incident, an unknown customer, bad input", async () => {
    const w = await world();
    const other = await world();
    const before = await stored(w.workspace.id);
    const otherBefore = await stored(other.workspace.id);
    const affected = (extra: object) => ({
      kind: "affected",
      incident_id: `INC-${w.active.number}`,
      customer: ada,
      ...extra,
    });
    const cases: [string, unknown, number, RegExp][] = [
      [w.tokens.viewer, affected({}), 403, /responder role or higher; you are viewer/],
      [w.tokens.responder, affected({ incident_id: w.resolved.id }), 409, /is resolved/],
      [w.tokens.responder, affected({ incident_id: other.active.id }), 404, /Incident not found/],
      [w.tokens.responder, affected({ incident_id: "INC-999" }), 404, /Incident not found/],
      [
        w.tokens.responder,
        affected({ customer: { kind: "email", value: "nobody@x.example" } }),
        404,
        /Customer not found/,
      ],
      [w.tokens.responder, affected({ note: "x".repeat(2001) }), 400, /note/],
      [w.tokens.responder, affected({ ticket_url: "javascript:alert(1)" }), 400, /ticket_url/],
      [w.tokens.responder, affected({ extra: 1 }), 400, /extra/],
      [w.tokens.responder, { kind: "resolved", customer: ada }, 400, /kind/],
      [w.tokens.responder, affected({ note: "bad\u0000text" }), 400, /note/],
    ];
    for (const [token, body, status, message] of cases) {
      const res = await report(token, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await stored(w.workspace.id)).toEqual(before);
    expect(await stored(other.workspace.id)).toEqual(otherBefore);
  });

  it("asks for the external id when an address belongs to several customers", async () => {
    const w = await world();
    await seedPeople(env.db, w.workspace.id, [
      { name: "Tenant 042 (EU)", emails: ["ada@tenant42.example"] },
    ]);
    const res = await report(w.tokens.responder, {
      kind: "affected",
      incident_id: w.active.id,
      customer: ada,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /contact of 2 customers; name the customer by external_id/,
    );
  });
});

describe("POST /api/extension/v1/reports: suspected", () => {
  it("groups reports of one problem from several tickets, one report per customer", async () => {
    const w = await world();
    const suspect = (value: string, note: string) =>
      report(w.tokens.responder, {
        kind: "suspected",
        customer: { kind: "email", value },
        note,
      });
    const first = await suspect("ada@tenant42.example", "Checkout button does nothing");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ group_id: expect.any(String), customers_in_group: 1 });

    const second = await suspect("bob@tenant43.example", "checkout buttons do nothing!");
    expect(second.body).toMatchObject({ group_id: first.body.group_id, customers_in_group: 2 });

    const again = await suspect("ada@tenant42.example", "The checkout button: nothing");
    expect(again.body).toEqual({
      report_id: first.body.report_id,
      group_id: first.body.group_id,
      customers_in_group: 2,
    });

    const other = await suspect("cy@tenant44.example", "Invoices are missing");
    expect(other.body.group_id).not.toBe(first.body.group_id);
    expect(other.body.customers_in_group).toBe(1);

    const groups = await env.db
      .select()
      .from(reportGroup)
      .where(eq(reportGroup.workspaceId, w.workspace.id));
    expect(groups.map((g) => [g.title, g.signature]).sort()).toEqual([
      ["Checkout button does nothing", "button checkout nothing"],
      ["Invoices are missing", "invoice missing"],
    ]);
  });

  it("starts a new group after 24 h, after the group was closed, and per workspace", async () => {
    const w = await world();
    const other = await world();
    const caller = await authenticateToken(
      env.db,
      agentRequest("/me", w.tokens.responder),
      "responder",
    );
    const note = "Export to CSV fails";
    const customer = { kind: "email" as const, value: "bob@tenant43.example" };
    const t0 = new Date(Date.now() - 3 * 86_400_000);
    const first = await reportSuspected(env.db, caller, { kind: "suspected", customer, note }, t0);
    const within = await reportSuspected(
      env.db,
      caller,
      { kind: "suspected", customer: ada, note: "export to csv FAILS" },
      new Date(t0.getTime() + 23 * 3_600_000),
    );
    expect(within.groupId).toBe(first.groupId);
    // 24 h after the *last* report (23 h in), not the first.
    const later = await reportSuspected(
      env.db,
      caller,
      { kind: "suspected", customer, note },
      new Date(t0.getTime() + 48 * 3_600_000),
    );
    expect(later.groupId).not.toBe(first.groupId);

    await env.db
      .update(reportGroup)
      .set({ closedAt: new Date() })
      .where(eq(reportGroup.id, later.groupId!));
    const afterClose = await reportSuspected(env.db, caller, {
      kind: "suspected",
      customer,
      note,
    });
    expect([first.groupId, later.groupId]).not.toContain(afterClose.groupId);

    const elsewhere = await report(other.tokens.responder, {
      kind: "suspected",
      customer: { kind: "email", value: "bob@tenant43.example" },
      note,
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.customers_in_group).toBe(1);
    expect([first.groupId, later.groupId, afterClose.groupId]).not.toContain(
      elsewhere.body.group_id,
    );
  });

  it("two reports of a new problem at once start one group", async () => {
    const w = await world();
    const [x, y] = await Promise.all(
      (["ada@tenant42.example", "bob@tenant43.example"] as const).map((value) =>
        report(w.tokens.responder, {
          kind: "suspected",
          customer: { kind: "email", value },
          note: "Dark mode makes text invisible",
        }),
      ),
    );
    expect([x.status, y.status]).toEqual([201, 201]);
    expect(x.body.group_id).toBe(y.body.group_id);
    expect([x.body.customers_in_group, y.body.customers_in_group].sort()).toEqual([1, 2]);
  });

  it("refuses a note of filler words only, or none, and stores nothing", async () => {
    const w = await world();
    const before = await stored(w.workspace.id);
    for (const note of ["it is not", "", "   "]) {
      const res = await report(w.tokens.responder, { kind: "suspected", customer: ada, note });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/note/);
    }
    expect(
      (await report(w.tokens.responder, { kind: "suspected", customer: ada })).body.error.message,
    ).toMatch(/note/);
    expect(await stored(w.workspace.id)).toEqual(before);
  });
});
