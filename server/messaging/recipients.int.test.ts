/**
 * Who a status update reaches: each audience (the incident's, observed only, a saved
 * segment), each reach (audience, follow-up, everyone told), addresses lower-cased once each,
 * suppressed and unsubscribed addresses left out, customers without contact counted — and the
 * outbox rows the send writes are exactly those addresses.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentCustomer, message } from "@/db/schema";
import { excludeCustomers, setAudienceSegment } from "@/server/audience";
import { seedIncident } from "@/server/incidents/testing";
import { createSegment } from "@/server/segments";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import {
  audienceSegment,
  countRecipients,
  sampleRecipients,
  type RecipientQuery,
} from "./recipients";
import { previewUpdate } from "./update-queries";
import { createDraft, sendUpdate } from "./updates";
import { bareWorkspace, seedPeople, suppress } from "./updates-testing";
import type { UpdateAudience, UpdateReach } from "./schema-types";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const eu = { region: "eu" };
const us = { region: "us" };

/**
 * A workspace with: a segment "region = eu" as the incident's audience rule; customers
 *   0 eu, observed failing, two addresses (one upper-case)   1 eu, not failing
 *   2 us, observed failing                                  3 us, added by hand
 *   4 us, nothing to do with it                             5 eu, no contact
 *   6 eu, excluded by hand                                  7 us, observed, unsubscribed
 *   8 eu, address bounced
 */
async function scenario() {
  const workspaceId = await bareWorkspace(env.db);
  const ids = await seedPeople(env.db, workspaceId, [
    { attributes: eu, emails: ["Ann@Zero.example", "ops@zero.example"] },
    { attributes: eu, emails: ["b@one.example"] },
    { attributes: us, emails: ["c@two.example"] },
    { attributes: us, emails: ["d@three.example"] },
    { attributes: us, emails: ["e@four.example"] },
    { attributes: eu },
    { attributes: eu, emails: ["g@six.example"] },
    { attributes: us, emails: ["h@seven.example"] },
    { attributes: eu, emails: ["i@eight.example"] },
  ]);
  const inc = await seedIncident(env.db, workspaceId, {
    affected: [
      { customerId: ids[0], source: "observed" },
      { customerId: ids[2], source: "observed" },
      { customerId: ids[3], source: "manual" },
      { customerId: ids[7], source: "observed" },
    ],
  });
  const rule = { conditions: [{ attribute: "region", op: "equals" as const, value: "eu" }] };
  const segment = await createSegment(env.db, { workspaceId, actorId: null, name: "EU", rule });
  await setAudienceSegment(env.db, {
    workspaceId,
    incidentId: inc.id,
    actorId: null,
    segmentId: segment.id,
  });
  await excludeCustomers(env.db, {
    workspaceId,
    incidentId: inc.id,
    actorId: null,
    customerIds: [ids[6]],
  });
  await suppress(env.db, workspaceId, "h@seven.example", "unsubscribed");
  await suppress(env.db, workspaceId, "i@eight.example", "bounced");
  return { workspaceId, incidentId: inc.id, ids, segment };
}

async function resolve(
  workspaceId: string,
  incidentId: string,
  audience: UpdateAudience,
  reach: UpdateReach,
) {
  const q: RecipientQuery = { workspaceId, incidentId, audience, reach };
  const s = await audienceSegment(env.db, workspaceId, incidentId, audience);
  const [counts, sample] = await Promise.all([
    countRecipients(env.db, q, s),
    sampleRecipients(env.db, q, s, 50),
  ]);
  return { counts, sample, emails: sample.map((r) => r.email).sort() };
}

async function send(
  workspaceId: string,
  incidentId: string,
  audience: "incident" | "observed",
  status: "investigating" | "identified" | "resolved" = "investigating",
) {
  const draft = await createDraft(env.db, {
    workspaceId,
    incidentId,
    actor: { userId: null },
    fields: { status, title: "Checkout is failing", body: "We are on it.", audience },
  });
  const sent = await sendUpdate(env.db, {
    workspaceId,
    updateId: draft.id,
    actor: { userId: null },
  });
  expect(sent.state).toBe("sent");
  return draft.id;
}

describe("recipients of a first update (reach: audience)", () => {
  it("the incident's audience: segment ∪ observed ∪ added − excluded, every address once, minus suppressions", async () => {
    const { workspaceId, incidentId, ids } = await scenario();
    const r = await resolve(workspaceId, incidentId, { kind: "incident" }, "audience");
    // Customers 0,1,2,3,5,7,8 (6 is excluded, 4 is outside).
    expect(r.counts).toEqual({
      customers: 7,
      customersWithoutContact: 1,
      toldBefore: 0,
      newlyInAudience: 7,
      contacts: 7,
      unsubscribed: 1,
      suppressed: 1,
      recipients: 5,
    });
    expect(r.emails).toEqual([
      "ann@zero.example",
      "b@one.example",
      "c@two.example",
      "d@three.example",
      "ops@zero.example",
    ]);
    const why = Object.fromEntries(r.sample.map((s) => [s.email, s.reasons]));
    expect(why["ann@zero.example"]).toEqual(["segment", "failing"]);
    expect(why["b@one.example"]).toEqual(["segment"]);
    expect(why["c@two.example"]).toEqual(["failing"]);
    expect(why["d@three.example"]).toEqual(["added"]);
    expect(r.sample.find((s) => s.email === "c@two.example")?.customerId).toBe(ids[2]);
  });

  it("observed only: the customers observed failing, minus excluded and suppressed", async () => {
    const { workspaceId, incidentId } = await scenario();
    const r = await resolve(workspaceId, incidentId, { kind: "observed" }, "audience");
    expect(r.counts.customers).toBe(3);
    expect(r.counts.unsubscribed).toBe(1);
    expect(r.emails).toEqual(["ann@zero.example", "c@two.example", "ops@zero.example"]);
  });

  it("a saved segment: its customers (minus the incident's exclusions); another workspace's segment is not found", async () => {
    const { workspaceId, incidentId } = await scenario();
    const usOnly = await createSegment(env.db, {
      workspaceId,
      actorId: null,
      name: "US",
      rule: { conditions: [{ attribute: "region", op: "equals", value: "us" }] },
    });
    const r = await resolve(
      workspaceId,
      incidentId,
      { kind: "segment", segmentId: usOnly.id },
      "audience",
    );
    expect(r.counts.customers).toBe(4);
    expect(r.emails).toEqual(["c@two.example", "d@three.example", "e@four.example"]);
    const other = await scenario();
    await expect(
      resolve(
        workspaceId,
        incidentId,
        { kind: "segment", segmentId: other.segment.id },
        "audience",
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("recipients of later updates", () => {
  it("a follow-up goes to everyone told before plus the customers newly in the audience", async () => {
    const { workspaceId, incidentId, ids } = await scenario();
    await send(workspaceId, incidentId, "observed");
    // Customer 1 (eu, not failing before) starts failing; customer 4 is added by hand.
    await env.db.insert(incidentCustomer).values([
      { workspaceId, incidentId, customerId: ids[1], source: "observed" },
      { workspaceId, incidentId, customerId: ids[4], source: "manual" },
    ]);
    const preview = await previewUpdate(env.db, workspaceId, incidentId, {
      status: "identified",
      title: "Found it",
      body: "A bad deploy.",
      audience: "observed",
    });
    expect(preview.reach).toBe("follow_up");
    expect(preview.counts.toldBefore).toBe(2);
    // Not told before: customer 1, newly failing, and customer 7, whose address is unsubscribed.
    expect(preview.counts.newlyInAudience).toBe(2);
    const r = await resolve(workspaceId, incidentId, { kind: "observed" }, "follow_up");
    expect(r.emails).toEqual([
      "ann@zero.example",
      "b@one.example",
      "c@two.example",
      "ops@zero.example",
    ]);
    const why = Object.fromEntries(r.sample.map((s) => [s.email, s.reasons]));
    expect(why["c@two.example"]).toEqual(["failing", "told"]);
    expect(why["b@one.example"]).toEqual(["failing"]);
  });

  it("a follow-up leaves out a customer excluded since; the resolution reaches everyone told all the same", async () => {
    const { workspaceId, incidentId, ids } = await scenario();
    await send(workspaceId, incidentId, "incident");
    // Customer 3 (added by hand, told) is excluded afterwards; the audience drops to observed.
    await excludeCustomers(env.db, {
      workspaceId,
      incidentId,
      actorId: null,
      customerIds: [ids[3]],
    });
    const followUp = await resolve(workspaceId, incidentId, { kind: "observed" }, "follow_up");
    expect(followUp.emails).toEqual([
      "ann@zero.example",
      "b@one.example",
      "c@two.example",
      "ops@zero.example",
    ]);
    const resolution = await resolve(
      workspaceId,
      incidentId,
      { kind: "observed" },
      "everyone_told",
    );
    expect(resolution.emails).toEqual([
      "ann@zero.example",
      "b@one.example",
      "c@two.example",
      "d@three.example",
      "ops@zero.example",
    ]);
    const preview = await previewUpdate(env.db, workspaceId, incidentId, {
      status: "resolved",
      title: "Fixed",
      body: "All good.",
      audience: "observed",
    });
    expect(preview.reach).toBe("everyone_told");
    expect(preview.counts.recipients).toBe(5);
    const id = await send(workspaceId, incidentId, "observed", "resolved");
    const rows = await env.db
      .select({ email: message.email, state: message.state })
      .from(message)
      .where(and(eq(message.workspaceId, workspaceId), eq(message.statusUpdateId, id)));
    expect(rows.map((m) => m.email).sort()).toEqual(resolution.emails);
    expect(new Set(rows.map((m) => m.state))).toEqual(new Set(["queued"]));
  });

  it("an address unsubscribed after the first update gets no follow-up", async () => {
    const { workspaceId, incidentId } = await scenario();
    await send(workspaceId, incidentId, "observed");
    await suppress(env.db, workspaceId, "c@two.example", "unsubscribed");
    const r = await resolve(workspaceId, incidentId, { kind: "observed" }, "follow_up");
    expect(r.emails).toEqual(["ann@zero.example", "ops@zero.example"]);
    expect(r.counts.unsubscribed).toBe(2);
  });
});
