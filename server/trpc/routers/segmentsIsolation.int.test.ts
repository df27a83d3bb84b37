/**
 * Workspace isolation of the segments and audience routers: a member of workspace A reads or
 * changes nothing of workspace B through any of their procedures — neither by naming B's slug,
 * nor by passing B's segment, incident and customer ids along with A's own slug. Afterwards B
 * is exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertCustomers } from "@/server/customers";
import { customersByExternalId } from "@/server/incidents/queries";
import { seedIncident } from "@/server/incidents/testing";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const rule = { conditions: [{ attribute: "plan", op: "equals" as const, value: "pro" }] };
const predicates = [{ attribute: "plan", value: "pro" }];

async function setUp() {
  const bob = await signUp(env.auth);
  const b = await createWorkspace(env.auth, bob, "Bravo");
  const asBob = await callerAs(env, bob);
  const bSlug = { workspace: b.slug };
  await upsertCustomers(env.db, b.id, [
    { id: "b-1", attributes: { plan: "pro" }, contacts: [{ email: "ceo@bravo.io" }] },
    { id: "b-2", attributes: { plan: "pro" } },
  ]);
  const { found } = await customersByExternalId(env.db, b.id, ["b-1", "b-2"]);
  const bCustomers = found.map((c) => Number(c.id));
  const bIncident = await seedIncident(env.db, b.id, { affected: [{ customerId: bCustomers[0] }] });
  const bSegment = await asBob.segments.create({ ...bSlug, name: "Bravo pro", rule });
  await asBob.audience.setSegment({ ...bSlug, incidentId: bIncident.id, segmentId: bSegment.id });
  await asBob.audience.exclude({
    ...bSlug,
    incidentId: bIncident.id,
    customerIds: [bCustomers[1]],
  });

  const alice = await signUp(env.auth);
  const a = await createWorkspace(env.auth, alice, "Alpha");
  // A has an incident of its own with the same number as B's.
  const aIncident = await seedIncident(env.db, a.id);
  return { a, alice, asBob, bSlug, bIncident, bSegment, bCustomers, aIncident };
}

async function snapshotOfB(s: Awaited<ReturnType<typeof setUp>>) {
  const incidentId = s.bIncident.id;
  return {
    segments: await s.asBob.segments.list(s.bSlug),
    audience: await s.asBob.audience.get({ ...s.bSlug, incidentId }),
    members: await s.asBob.audience.members({ ...s.bSlug, incidentId }),
    excluded: await s.asBob.audience.members({ ...s.bSlug, incidentId, excluded: true }),
    activity: (await s.asBob.incidents.get({ ...s.bSlug, incidentId })).activity,
  };
}

/** Every procedure of both routers, called as `caller` with `ws` and B's ids. */
function attempts(
  caller: Awaited<ReturnType<typeof callerAs>>,
  ws: { workspace: string },
  s: Awaited<ReturnType<typeof setUp>>,
  incidentId: string,
): [string, () => Promise<unknown>][] {
  const id = s.bSegment.id;
  return [
    ["segments.get by id", () => caller.segments.get({ ...ws, id })],
    ["segments.update", () => caller.segments.update({ ...ws, id, name: "Hacked", rule })],
    ["segments.remove", () => caller.segments.remove({ ...ws, id })],
    ["audience.get", () => caller.audience.get({ ...ws, incidentId })],
    ["audience.members", () => caller.audience.members({ ...ws, incidentId })],
    [
      "audience.setSegment",
      () => caller.audience.setSegment({ ...ws, incidentId, segmentId: null }),
    ],
    ["audience.adopt", () => caller.audience.adopt({ ...ws, incidentId, predicates })],
    [
      "audience.exclude",
      () => caller.audience.exclude({ ...ws, incidentId, customerIds: [s.bCustomers[0]] }),
    ],
    [
      "audience.include",
      () => caller.audience.include({ ...ws, incidentId, customerIds: [s.bCustomers[1]] }),
    ],
  ];
}

describe("segments and audience isolation", () => {
  it("answers NOT_FOUND to a member of A naming B's slug, for every procedure", async () => {
    const s = await setUp();
    const before = await snapshotOfB(s);
    const alice = await callerAs(env, s.alice);
    const ws = s.bSlug;
    const all: [string, () => Promise<unknown>][] = [
      ["segments.list", () => alice.segments.list(ws)],
      ["segments.get by name", () => alice.segments.get({ ...ws, name: "Bravo pro" })],
      ["segments.create", () => alice.segments.create({ ...ws, name: "X", rule })],
      ["segments.preview", () => alice.segments.preview({ ...ws, rule })],
      ...attempts(alice, ws, s, s.bIncident.id),
    ];
    for (const [name, attempt] of all) {
      await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await snapshotOfB(s)).toEqual(before);
  });

  it("finds nothing of B from inside A, by B's ids or by B's names, and changes nothing", async () => {
    const s = await setUp();
    const before = await snapshotOfB(s);
    const alice = await callerAs(env, s.alice);
    const ws = { workspace: s.a.slug };
    for (const [name, attempt] of attempts(alice, ws, s, s.bIncident.id)) {
      await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    // A's own incident with B's customer ids: the customers are not found in A.
    const own = s.aIncident.id;
    for (const customerIds of [[s.bCustomers[0]], [s.bCustomers[1]]]) {
      await expect(
        alice.audience.exclude({ ...ws, incidentId: own, customerIds }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(
        alice.audience.include({ ...ws, incidentId: own, customerIds }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(
      alice.audience.setSegment({ ...ws, incidentId: own, segmentId: s.bSegment.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.segments.get({ ...ws, name: "Bravo pro" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // A's lists, previews and audiences hold none of B's segments or customers.
    expect(await alice.segments.list(ws)).toEqual([]);
    expect(await alice.segments.preview({ ...ws, rule })).toEqual({ count: 0, sample: [] });
    const adopted = await alice.audience.adopt({ ...ws, incidentId: own, predicates });
    expect(adopted).toMatchObject({ created: true, audience: { inSegment: 0, total: 0 } });
    expect(adopted.segment.id).not.toBe(s.bSegment.id);
    expect(await alice.audience.members({ ...ws, incidentId: own })).toEqual({
      rows: [],
      nextCursor: null,
    });
    expect(await snapshotOfB(s)).toEqual(before);
  });
});
