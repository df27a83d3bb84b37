/**
 * POST /api/extension/v1/lookup and GET /api/extension/v1/incidents: who on a ticket is in the
 * audience of an active incident (segment ∪ failing ∪ added − excluded), with the approved
 * words, and nothing of another workspace.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contact, customer } from "@/db/schema";
import { excludeCustomers, setAudienceSegment } from "@/server/audience";
import { seedIncident } from "@/server/incidents/testing";
import { createDraft } from "@/server/messaging/updates";
import { sendTo } from "@/server/messaging/notices-testing";
import { seedPeople } from "@/server/messaging/updates-testing";
import { createSegment } from "@/server/segments/service";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { incidentsApi, lookupApi } from "./api";
import { agentRequest, agentWorkspace, answer } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

type Ident = { kind: "email" | "external_id"; value: string };

const lookup = (token: string, body: unknown, headers?: Record<string, string>) =>
  answer(lookupApi(env.db, agentRequest("/lookup", token, body, headers)));
const incidents = (token: string) =>
  answer(incidentsApi(env.db, agentRequest("/incidents", token)));

/**
 * A workspace with an active incident whose audience is "plan = gold" ∪ failing ∪ added −
 * excluded, a resolved incident, and people who are each in one part of it.
 */
async function world() {
  const a = await agentWorkspace(env);
  const ws = a.workspace.id;
  const [gold, failing, added, excluded, bystander, resolvedOnly, goldFailing] = await seedPeople(
    env.db,
    ws,
    [
      { name: "Tenant Gold", emails: ["gold@acme.example"], attributes: { plan: "gold" } },
      // Addresses are stored lower-cased (every write path does it); lookups of any case find them.
      { name: "Tenant Failing", emails: ["fail@acme.example"], contactName: "Fay" },
      { name: "Tenant Added", emails: ["added@acme.example"] },
      { name: "Tenant Excluded", emails: ["excluded@acme.example"], attributes: { plan: "gold" } },
      { name: "Tenant Bystander", emails: ["by@acme.example"], attributes: { plan: "free" } },
      { name: "Tenant Resolved", emails: ["old@acme.example"] },
      { name: "Tenant Both", emails: ["both@acme.example"], attributes: { plan: "gold" } },
    ],
  );
  const started = new Date(Date.now() - 3_600_000);
  const firstSeen = new Date(Date.now() - 1_800_000);
  const active = await seedIncident(env.db, ws, {
    title: "Checkout fails",
    severity: "SEV1",
    startedAt: started,
    affected: [
      { customerId: failing, firstSeenAt: firstSeen },
      { customerId: goldFailing, firstSeenAt: firstSeen },
      { customerId: added, source: "manual", firstSeenAt: null, lastSeenAt: null },
      { customerId: excluded },
    ],
  });
  const segment = await createSegment(env.db, {
    workspaceId: ws,
    actorId: null,
    name: "Gold plan",
    rule: { conditions: [{ attribute: "plan", op: "equals", value: "gold" }] },
  });
  await setAudienceSegment(env.db, {
    workspaceId: ws,
    incidentId: active.id,
    actorId: null,
    segmentId: segment.id,
  });
  await excludeCustomers(env.db, {
    workspaceId: ws,
    incidentId: active.id,
    actorId: null,
    customerIds: [excluded],
  });
  const resolved = await seedIncident(env.db, ws, {
    title: "Old outage",
    status: "resolved",
    affected: [{ customerId: resolvedOnly }],
  });
  const ids = { gold, failing, added, excluded, bystander, resolvedOnly, goldFailing };
  return { ...a, active, resolved, ids, started, firstSeen };
}

const emailOf = (v: string): Ident => ({ kind: "email", value: v });

describe("POST /api/extension/v1/lookup", () => {
  it("finds each customer in the audience of the active incident, with why and since when", async () => {
    const w = await world();
    const res = await lookup(w.tokens.viewer, {
      identifiers: [
        emailOf("gold@acme.example"),
        emailOf("FAIL@acme.EXAMPLE"),
        emailOf("added@acme.example"),
        emailOf("excluded@acme.example"),
        emailOf("by@acme.example"),
        emailOf("old@acme.example"),
        emailOf("both@acme.example"),
        emailOf("nobody@acme.example"),
      ],
    });
    expect(res.status).toBe(200);
    const seen = res.body.matches.map((m: { identifier: Ident; incidents: unknown[] }) => [
      m.identifier.value,
      (m.incidents as { reason: string }[]).map((i) => i.reason),
    ]);
    expect(seen).toEqual([
      ["gold@acme.example", ["segment"]],
      ["FAIL@acme.EXAMPLE", ["failing"]],
      ["added@acme.example", ["added"]],
      ["excluded@acme.example", []],
      ["by@acme.example", []],
      ["old@acme.example", []],
      ["both@acme.example", ["failing"]],
    ]);
    const failing = res.body.matches[1];
    expect(failing).toMatchObject({
      identifier: { kind: "email", value: "FAIL@acme.EXAMPLE" },
      customer: { id: w.ids.failing, name: "Tenant Failing", external_id: expect.any(String) },
      contact_name: "Fay",
    });
    expect(failing.incidents[0]).toMatchObject({
      id: w.active.id,
      ref: `INC-${w.active.number}`,
      title: "Checkout fails",
      status: "investigating",
      severity: "SEV1",
      since: w.firstSeen.toISOString(),
      latest_update: null,
      url: `http://localhost:3000/w/${w.workspace.slug}/incidents/${w.active.number}`,
    });
    // In the segment only: since the incident started.
    expect(res.body.matches[0].incidents[0].since).toBe(w.started.toISOString());
  });

  it("matches external ids exactly, and each identifier once", async () => {
    const w = await world();
    const [{ ext }] = await env.db
      .select({ ext: customer.externalId })
      .from(customer)
      .where(eq(customer.id, w.ids.added));
    const res = await lookup(w.tokens.viewer, {
      identifiers: [
        { kind: "external_id", value: ext },
        { kind: "external_id", value: ` ${ext} ` },
        { kind: "external_id", value: ext.toUpperCase() },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.matches).toHaveLength(1);
    expect(res.body.matches[0]).toMatchObject({
      identifier: { kind: "external_id", value: ext },
      customer: { id: w.ids.added, external_id: ext },
      contact_name: null,
      incidents: [{ reason: "added" }],
    });
  });

  it("gives the latest sent update, never a draft", async () => {
    const w = await world();
    await sendTo(env.db, w.workspace.id, w.active.id, {
      status: "investigating",
      title: "Looking into it",
      body: "We are **looking** into failed checkouts.",
    });
    await sendTo(env.db, w.workspace.id, w.active.id, {
      status: "identified",
      title: "Found it",
      body: "A bad deploy; **rolling back** now.",
    });
    await createDraft(env.db, {
      workspaceId: w.workspace.id,
      incidentId: w.active.id,
      actor: { userId: null, apiKeyName: "tests" },
      fields: { status: "monitoring", title: "Draft", body: "Not sent", audience: "observed" },
    });
    const res = await lookup(w.tokens.viewer, { identifiers: [emailOf("fail@acme.example")] });
    expect(res.body.matches[0].incidents[0].latest_update).toMatchObject({
      number: 2,
      status: "identified",
      title: "Found it",
      body_markdown: "A bad deploy; **rolling back** now.",
      body_text: "A bad deploy; rolling back now.",
      sent_at: expect.any(String),
    });
  });

  it("never sees another workspace's customers or incidents", async () => {
    const a = await world();
    const b = await world();
    // B's customer with A's failing customer's address.
    const [bOnly] = await seedPeople(env.db, b.workspace.id, [
      { name: "zanzibar", emails: ["shared@both.example"] },
    ]);
    await seedIncident(env.db, b.workspace.id, {
      title: "zanzibar outage",
      affected: [{ customerId: bOnly }],
    });
    const res = await lookup(a.tokens.viewer, {
      identifiers: [emailOf("shared@both.example"), emailOf("fail@acme.example")],
    });
    expect(res.status).toBe(200);
    expect(res.body.matches).toHaveLength(1);
    expect(res.body.matches[0].customer.id).toBe(a.ids.failing);
    expect(res.body.matches[0].incidents.map((i: { id: string }) => i.id)).toEqual([a.active.id]);
    expect(JSON.stringify(res.body)).not.toContain("zanzibar");
  });

  it("an address shared by two customers names both", async () => {
    const w = await world();
    await env.db.insert(contact).values({
      workspaceId: w.workspace.id,
      customerId: w.ids.bystander,
      email: "gold@acme.example",
      name: "Gus",
    });
    const res = await lookup(w.tokens.viewer, { identifiers: [emailOf("gold@acme.example")] });
    expect(
      res.body.matches.map((m: { customer: { id: number }; contact_name: string | null }) => [
        m.customer.id,
        m.contact_name,
      ]),
    ).toEqual([
      [w.ids.gold, "Tenant Gold"],
      [w.ids.bystander, "Gus"],
    ]);
    await env.db.delete(contact).where(eq(contact.name, "Gus"));
  });

  it("refuses bad input with a 400 (or 413, 415) naming the problem", async () => {
    const w = await world();
    const many = Array.from({ length: 51 }, (_, i) => emailOf(`p${i}@acme.example`));
    const cases: [unknown, number, RegExp][] = [
      [{ identifiers: [] }, 400, /at least one identifier/],
      [{ identifiers: many }, 400, /at most 50 identifiers/],
      [{ identifiers: [{ kind: "phone", value: "1" }] }, 400, /identifiers\.0\.kind/],
      [{ identifiers: [emailOf("not-an-address")] }, 400, /Not an email address/],
      [{ identifiers: [{ kind: "external_id", value: "" }] }, 400, /external id is required/],
      [{ identifiers: [emailOf("a@b.c")], page: "x" }, 400, /page/],
      ["{", 400, /Malformed JSON/],
      [`{"identifiers":["${"x".repeat(70_000)}"]}`, 413, /larger than/],
    ];
    for (const [body, status, message] of cases) {
      const res = await lookup(w.tokens.viewer, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    const form = await lookup(w.tokens.viewer, "identifiers=x", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe("unsupported_media_type");
  });
});

describe("GET /api/extension/v1/incidents", () => {
  it("lists active incidents newest first with counts, links and the approved words", async () => {
    const w = await world();
    const newer = await seedIncident(env.db, w.workspace.id, {
      title: "Search slow",
      severity: "SEV3",
      status: "monitoring",
      affected: [{ customerId: w.ids.bystander }],
    });
    await sendTo(env.db, w.workspace.id, newer.id, {
      status: "monitoring",
      title: "Fix deployed",
      body: "Search is *fast* again; we are watching.",
    });
    const res = await incidents(w.tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.body.data.map((i: { title: string }) => i.title)).toEqual([
      "Search slow",
      "Checkout fails",
    ]);
    expect(res.body.data[0]).toMatchObject({
      id: newer.id,
      ref: `INC-${newer.number}`,
      status: "monitoring",
      severity: "SEV3",
      affected_customers: 1,
      url: `http://localhost:3000/w/${w.workspace.slug}/incidents/${newer.number}`,
      latest_update: {
        number: 1,
        title: "Fix deployed",
        body_text: "Search is fast again; we are watching.",
      },
    });
    expect(res.body.data[1]).toMatchObject({ affected_customers: 4, latest_update: null });
  });
});
