/**
 * The audience router as the incident page and the messaging side use it: adopting an engine
 * segment, the counts of each part, exclusions, paging the members with their contacts, the
 * timeline, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { segment } from "@/db/schema";
import { upsertCustomers } from "@/server/customers";
import { seedIncident } from "@/server/incidents/testing";
import { customersByExternalId } from "@/server/incidents/queries";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const euPredicates = [
  {
    attribute: "app_version",
    value: "5.2.0 – 5.3.0",
    match: { kind: "range" as const, type: "version" as const, min: "5.2.0", max: "5.3.0" },
  },
  { attribute: "region", value: "eu-west-1" },
];

/**
 * Twelve customers: e0–e5 in eu-west-1 on 5.2.x (the segment), u0–u5 elsewhere. Failing
 * (observed): e0, e1, e2, u0, u1. Added by hand through the incidents router: u2 and e3.
 */
async function scenario() {
  const { workspace, users } = await workspaceWithTeam(env);
  const ws = { workspace: workspace.slug };
  const customers = [
    ...Array.from({ length: 6 }, (_, i) => ({
      id: `e${i}`,
      attributes: { region: "eu-west-1", app_version: `5.2.${i}` },
      contacts: [{ email: `ops@e${i}.example`, name: `Ops ${i}`, locale: "de-DE" }],
    })),
    ...Array.from({ length: 6 }, (_, i) => ({
      id: `u${i}`,
      attributes: { region: i % 2 ? "us-east-1" : "eu-west-1", app_version: "5.3.0" },
    })),
  ];
  await upsertCustomers(env.db, workspace.id, customers);
  const { found } = await customersByExternalId(
    env.db,
    workspace.id,
    customers.map((c) => c.id),
  );
  const id = Object.fromEntries(found.map((c) => [c.externalId, Number(c.id)]));
  const inc = await seedIncident(env.db, workspace.id, {
    affected: ["e0", "e1", "e2", "u0", "u1"].map((x) => ({ customerId: id[x] })),
  });
  const commander = await callerAs(env, users.commander);
  await commander.incidents.addCustomers({
    ...ws,
    incidentId: `INC-${inc.number}`,
    externalIds: ["u2", "e3"],
  });
  return { workspace, ws, users, id, inc, commander, viewer: await callerAs(env, users.viewer) };
}

describe("audience router", () => {
  it("adopts an engine segment and counts every part of the audience", async () => {
    const { ws, inc, commander, viewer, id } = await scenario();
    const incidentId = `INC-${inc.number}`;
    expect(await viewer.audience.get({ ...ws, incidentId })).toEqual({
      segment: null,
      inSegment: 0,
      inSegmentFailing: 0,
      failingOutsideSegment: 5,
      added: 2,
      excluded: 0,
      total: 7,
    });
    const adopted = await commander.audience.adopt({ ...ws, incidentId, predicates: euPredicates });
    expect(adopted.created).toBe(true);
    expect(adopted.segment).toMatchObject({
      name: "app_version = 5.2.0 – 5.3.0 · region = eu-west-1",
      rule: {
        conditions: [
          { attribute: "app_version", op: "version_between", min: "5.2.0", max: "5.3.0" },
          { attribute: "region", op: "equals", value: "eu-west-1" },
        ],
      },
      incidentCount: 1,
    });
    // In segment e0–e5 (6), of which failing e0–e2 (3); failing outside u0, u1; added outside u2
    // (e3 is in the segment anyway).
    const counts = { inSegment: 6, inSegmentFailing: 3, failingOutsideSegment: 2, added: 1 };
    expect(adopted.audience).toMatchObject({ ...counts, excluded: 0, total: 9 });

    const excluded = await commander.audience.exclude({
      ...ws,
      incidentId,
      customerIds: [id.e4, id.u1, id.u5],
    });
    // u5 is in no part: kept as an exclusion, counted nowhere.
    expect(excluded).toMatchObject({
      excluded: 3,
      alreadyExcluded: 0,
      audience: { ...counts, excluded: 2, total: 7 },
    });
    expect(
      await commander.audience.exclude({ ...ws, incidentId, customerIds: [id.e4] }),
    ).toMatchObject({
      excluded: 0,
      alreadyExcluded: 1,
    });
    const included = await commander.audience.include({
      ...ws,
      incidentId,
      customerIds: [id.u1, id.u3],
    });
    expect(included).toMatchObject({
      included: 1,
      notExcluded: 1,
      audience: { ...counts, excluded: 1, total: 8 },
    });
    expect(await viewer.audience.get({ ...ws, incidentId: inc.id })).toEqual(included.audience);
  });

  it("pages the members in id order with their reasons and contacts, and the excluded apart", async () => {
    const { ws, inc, commander, viewer, id, users } = await scenario();
    const incidentId = inc.id;
    await commander.audience.adopt({ ...ws, incidentId, predicates: euPredicates });
    await commander.audience.exclude({ ...ws, incidentId, customerIds: [id.e5] });
    const seen: { externalId: string; reasons: string[] }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await viewer.audience.members({ ...ws, incidentId, limit: 3, cursor });
      seen.push(...page.rows.map((r) => ({ externalId: r.externalId, reasons: r.reasons })));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      { externalId: "e0", reasons: ["segment", "failing"] },
      { externalId: "e1", reasons: ["segment", "failing"] },
      { externalId: "e2", reasons: ["segment", "failing"] },
      { externalId: "e3", reasons: ["segment", "added"] },
      { externalId: "e4", reasons: ["segment"] },
      { externalId: "u0", reasons: ["failing"] },
      { externalId: "u1", reasons: ["failing"] },
      { externalId: "u2", reasons: ["added"] },
    ]);
    const first = await viewer.audience.members({ ...ws, incidentId, limit: 1 });
    expect(first.rows[0]).toMatchObject({
      customerId: id.e0,
      attributes: { region: "eu-west-1", app_version: "5.2.0" },
      contacts: [{ email: "ops@e0.example", name: "Ops 0", locale: "de-DE" }],
      excluded: null,
    });
    const added = await viewer.audience.members({ ...ws, incidentId, reason: "added" });
    expect(added.rows.map((r) => r.externalId)).toEqual(["e3", "u2"]);
    const excluded = await viewer.audience.members({ ...ws, incidentId, excluded: true });
    expect(excluded.rows).toMatchObject([
      { externalId: "e5", reasons: ["segment"], excluded: { by: { id: users.commander.id } } },
    ]);
    await expect(
      viewer.audience.members({ ...ws, incidentId, excluded: true, cursor: first.nextCursor }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reuses a saved segment with the same rule, and names new ones apart", async () => {
    const { workspace, ws, commander } = await scenario();
    const a = await seedIncident(env.db, workspace.id);
    const b = await seedIncident(env.db, workspace.id);
    const first = await commander.audience.adopt({
      ...ws,
      incidentId: a.id,
      predicates: euPredicates,
    });
    const again = await commander.audience.adopt({
      ...ws,
      incidentId: b.id,
      predicates: [...euPredicates].reverse(),
      name: "Ignored: the rule exists",
    });
    expect(again).toMatchObject({
      created: false,
      segment: { id: first.segment.id, incidentCount: 2 },
    });
    // Someone saved a different rule under the default name of the next one.
    await commander.segments.create({
      ...ws,
      name: "region = us-east-1",
      rule: { conditions: [{ attribute: "region", op: "exists" }] },
    });
    const us = await commander.audience.adopt({
      ...ws,
      incidentId: b.id,
      predicates: [{ attribute: "region", value: "us-east-1" }],
    });
    expect(us.segment.name).toBe("region = us-east-1 (2)");
    await expect(
      commander.audience.adopt({
        ...ws,
        incidentId: b.id,
        predicates: [{ attribute: "plan", value: "pro" }],
        name: "REGION = US-EAST-1",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const before = await env.db.select().from(segment).where(eq(segment.workspaceId, workspace.id));
    await expect(
      commander.audience.adopt({
        ...ws,
        incidentId: b.id,
        predicates: [
          {
            attribute: "seats",
            value: "10 – x",
            match: { kind: "range", type: "number", min: "10", max: "x" },
          },
        ],
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "predicates: conditions.0.max: Must be a number",
    });
    expect(
      await env.db.select().from(segment).where(eq(segment.workspaceId, workspace.id)),
    ).toEqual(before);
  });

  it("records every audience change in the incident's timeline, with who made it", async () => {
    const { ws, inc, commander, id, users } = await scenario();
    const incidentId = inc.id;
    const adopted = await commander.audience.adopt({ ...ws, incidentId, predicates: euPredicates });
    await commander.audience.setSegment({ ...ws, incidentId, segmentId: adopted.segment.id });
    await commander.audience.exclude({ ...ws, incidentId, customerIds: [id.u0, id.e4] });
    await commander.audience.include({ ...ws, incidentId, customerIds: [id.u0] });
    await commander.audience.setSegment({ ...ws, incidentId, segmentId: null });
    const { activity } = await commander.incidents.get({ ...ws, incidentId });
    const audienceEntries = activity
      .filter((a) => a.kind.startsWith("audience_"))
      .map((a) => ({ kind: a.kind, from: a.fromValue, to: a.toValue, actor: a.actorId }))
      .reverse();
    const actor = users.commander.id;
    expect(audienceEntries).toEqual([
      { kind: "audience_segment", from: null, to: adopted.segment.name, actor },
      { kind: "audience_excluded", from: null, to: "e4, u0", actor },
      { kind: "audience_included", from: "u0", to: null, actor },
      { kind: "audience_segment", from: adopted.segment.name, to: null, actor },
    ]);
  });

  it("lets viewers read, and only commanders and admins change the audience", async () => {
    const { ws, inc, users, id } = await scenario();
    const incidentId = inc.id;
    const responder = await callerAs(env, users.responder);
    const viewer = await callerAs(env, users.viewer);
    for (const caller of [viewer, responder]) {
      expect((await caller.audience.get({ ...ws, incidentId })).total).toBe(7);
      const forbidden = { code: "FORBIDDEN" };
      await expect(
        caller.audience.setSegment({ ...ws, incidentId, segmentId: null }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        caller.audience.adopt({ ...ws, incidentId, predicates: euPredicates }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        caller.audience.exclude({ ...ws, incidentId, customerIds: [id.e0] }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        caller.audience.include({ ...ws, incidentId, customerIds: [id.e0] }),
      ).rejects.toMatchObject(forbidden);
    }
    const admin = await callerAs(env, users.admin);
    expect(
      (await admin.audience.exclude({ ...ws, incidentId, customerIds: [id.e0] })).excluded,
    ).toBe(1);
    await expect(admin.audience.get({ ...ws, incidentId: "INC-999" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      admin.audience.setSegment({
        ...ws,
        incidentId,
        segmentId: "00000000-0000-4000-8000-000000000000",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Segment not found." });
  });
});
