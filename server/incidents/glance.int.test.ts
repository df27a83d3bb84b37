/**
 * An incident at a glance (glance.ts) over a real database: the leading segment in words
 * (the audience's when chosen, else the engine's), the audience size and the customers told,
 * for several incidents at once — and through the router, as the list and the header read it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentAudienceExclusion, message, statusUpdate } from "@/db/schema";
import { adoptSegment } from "@/server/audience";
import { bareWorkspace, seedPeople } from "@/server/messaging/updates-testing";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";
import { incidentGlances } from "./glance";
import { readSegmentAnalysis } from "./segment-analysis";
import { seedIncident } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

/**
 * 200 eu-west customers on 5.2.0, 100 eu-west on 5.1.3, 100 us-east on each version (enough
 * for the engine to tell the combination from either predicate alone), each with an address.
 */
async function directory(workspaceId: string) {
  const people = (region: string, app_version: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      attributes: { region, app_version },
      emails: [`${region}-${app_version}-${i}@example.com`],
    }));
  const ids = await seedPeople(env.db, workspaceId, [
    ...people("eu-west", "5.2.0", 200),
    ...people("eu-west", "5.1.3", 100),
    ...people("us-east", "5.2.0", 100),
    ...people("us-east", "5.1.3", 100),
  ]);
  return { hit: ids.slice(0, 200), euOther: ids.slice(200, 300), usEast: ids.slice(300) };
}

/** A sent status update of the incident with one message per [customer, state]. */
async function sentUpdate(
  workspaceId: string,
  incidentId: string,
  number: number,
  messages: [number, (typeof message.$inferInsert)["state"]][],
  state: "sent" | "draft" = "sent",
) {
  const [update] = await env.db
    .insert(statusUpdate)
    .values({
      workspaceId,
      incidentId,
      number,
      status: "investigating",
      title: "Checkout fails",
      body: "We are on it.",
      audience: { kind: "incident" },
      reach: "audience",
      state,
    })
    .returning();
  if (messages.length === 0) return;
  await env.db.insert(message).values(
    messages.map(([customerId, s], i) => ({
      workspaceId,
      statusUpdateId: update.id,
      incidentId,
      customerId,
      email: `c${customerId}-${number}-${i}@example.com`,
      state: s,
    })),
  );
}

describe("incidentGlances", () => {
  it("names the leading segment, the audience and the customers told, for every listed incident", async () => {
    const ws = await bareWorkspace(env.db);
    const { hit, euOther, usEast } = await directory(ws);

    // The engine's incident: 80 of the 200 eu-west customers on 5.2.0 fail, nobody else.
    const engine = await seedIncident(env.db, ws, {
      affected: hit.slice(0, 80).map((customerId) => ({ customerId })),
    });
    // Told: a customer with two messages counts once; failed, suppressed and queued ones and
    // a draft's messages do not count.
    await sentUpdate(ws, engine.id, 1, [
      [hit[0], "delivered"],
      [hit[0], "opened"],
      [hit[1], "sent"],
      [hit[2], "failed"],
      [hit[3], "suppressed"],
    ]);
    await sentUpdate(ws, engine.id, 2, [
      [hit[1], "delivered"],
      [hit[4], "queued"],
    ]);
    await sentUpdate(ws, engine.id, 3, [[hit[5], "sent"]], "draft");

    // The team's incident: the us-east segment chosen as its audience, two us-east customers
    // failing, one eu-west customer added by hand, one us-east customer excluded.
    const chosen = await seedIncident(env.db, ws, {
      status: "identified",
      affected: [
        { customerId: usEast[0] },
        { customerId: usEast[1] },
        { customerId: euOther[0], source: "manual" },
      ],
    });
    await adoptSegment(env.db, {
      workspaceId: ws,
      incidentId: chosen.id,
      actorId: null,
      predicates: [{ attribute: "region", value: "us-east" }],
    });
    await env.db
      .insert(incidentAudienceExclusion)
      .values({ workspaceId: ws, incidentId: chosen.id, customerId: usEast[2] });

    // Nobody affected yet; and a resolved incident whose analysis this process never made.
    const quiet = await seedIncident(env.db, ws);
    const old = await seedIncident(env.db, ws, {
      status: "resolved",
      affected: euOther.slice(0, 3).map((customerId) => ({ customerId })),
    });

    const rows = [engine, chosen, quiet, old].map((i) => ({
      id: i.id,
      status: i.status,
      affectedCustomers: i.affectedCustomerCount,
    }));

    // Before the engine ran, the open incident's segment is on its way.
    const first = await incidentGlances(env.db, ws, rows);
    expect(first.get(engine.id)).toMatchObject({ segmentState: "pending", leadingSegment: null });

    await readSegmentAnalysis(env.db, ws, engine.id, { waitMs: 60_000 });
    const glances = await incidentGlances(env.db, ws, rows);
    expect(glances.get(engine.id)).toEqual({
      leadingSegment: {
        words: "app_version = 5.2.0 and region = eu-west",
        source: "analysis",
        name: null,
      },
      segmentState: "found",
      audienceCustomers: 80,
      customersTold: 2,
    });
    expect(glances.get(chosen.id)).toEqual({
      leadingSegment: { words: "region = us-east", source: "audience", name: "region = us-east" },
      segmentState: "found",
      // (200 in us-east ∪ 1 added by hand) − 1 excluded
      audienceCustomers: 200,
      customersTold: 0,
    });
    expect(glances.get(quiet.id)).toEqual({
      leadingSegment: null,
      segmentState: "none",
      audienceCustomers: 0,
      customersTold: 0,
    });
    // The list never starts a resolved incident's analysis; its own page does.
    expect(glances.get(old.id)).toMatchObject({
      leadingSegment: null,
      segmentState: "unknown",
      audienceCustomers: 3,
    });
    expect((await incidentGlances(env.db, ws, rows)).get(old.id)?.segmentState).toBe("unknown");
    const page = await incidentGlances(env.db, ws, [rows[3]], { analyseResolved: true });
    expect(page.get(old.id)?.segmentState).toBe("pending");
  });

  it("reaches the list and the incident page through the router, for the caller's workspace only", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const { hit } = await directory(workspace.id);
    const inc = await seedIncident(env.db, workspace.id, {
      affected: hit.slice(0, 4).map((customerId) => ({ customerId })),
    });
    await sentUpdate(workspace.id, inc.id, 1, [
      [hit[0], "delivered"],
      [hit[1], "sent"],
    ]);
    // Another workspace's messages for the same customers' ids never count.
    const other = await bareWorkspace(env.db, "Other");
    const otherInc = await seedIncident(env.db, other);
    await sentUpdate(other, otherInc.id, 1, [[hit[2], "delivered"]]);

    const asViewer = await callerAs(env, users.viewer);
    const [row] = await asViewer.incidents.list({ workspace: workspace.slug });
    expect(row.glance).toMatchObject({ audienceCustomers: 4, customersTold: 2 });
    const detail = await asViewer.incidents.get({
      workspace: workspace.slug,
      incidentId: String(inc.number),
    });
    expect(detail.glance).toMatchObject({ audienceCustomers: 4, customersTold: 2 });
  });
});
