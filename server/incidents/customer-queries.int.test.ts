import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attributes } from "@/db/schema";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import {
  listAffectedCustomers,
  type AffectedCustomer,
  type AffectedCustomersQuery,
  type AffectedSort,
} from "./customer-queries";
import { incidentCustomer } from "@/db/schema";
import { computeIncidentBreakdown, readIncidentBreakdown } from "./breakdown-queries";
import { seedCustomers, seedIncident, type SeedAffected } from "./testing";

let env: TestEnv;
let wsId: string;
let incidentId: string;
let adderName: string;
/** Every customer of the workspace with its attributes, and the affected ones by id. */
let everyone: { id: number; externalId: string; name: string | null; attributes: Attributes }[];
let affected: Map<number, { lastSeenAt: Date | null; firstSeenAt: Date | null; events: number }>;

/** A small deterministic PRNG so the data is varied but the same on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  const owner = await signUp(env.auth, { name: "Cass Commander" });
  adderName = "Cass Commander";
  const ws = await createWorkspace(env.auth, owner);
  wsId = ws.id;
  const rand = rng(7);
  const regions = ["eu-west", "us-east", "us-west", "ap-south"];
  const seed = Array.from({ length: 240 }, (_, i) => {
    const attributes: Attributes = {
      region: regions[Math.floor(rand() * regions.length)],
      plan: rand() < 0.3 ? "enterprise" : "free",
      seats: Math.floor(rand() * 40), // many distinct values: exercises the top-N cap
      beta: rand() < 0.2,
    };
    if (i % 17 === 0) delete attributes.plan; // some customers lack an attribute
    return {
      // Letters and digits only, so that every collation sorts them alike.
      externalId: `cus${String(i).padStart(3, "0")}`,
      name:
        i % 11 === 0
          ? null
          : `${["Zed", "amy", "Bob", "carl"][i % 4]}${String(i).padStart(3, "0")}`,
      attributes,
    };
  });
  const ids = await seedCustomers(env.db, wsId, seed);
  everyone = ids.map((r, i) => ({ id: r.id, ...seed[i], name: seed[i].name ?? null }));
  // Affected: most of eu-west, a few others, and some added by hand (never seen).
  const base = Date.parse("2026-03-02T10:00:00Z");
  affected = new Map();
  const rows = everyone.flatMap((c, i): SeedAffected[] => {
    const hit = c.attributes.region === "eu-west" ? rand() < 0.9 : rand() < 0.1;
    if (!hit) return [];
    if (i % 13 === 0) {
      affected.set(c.id, { lastSeenAt: null, firstSeenAt: null, events: 0 });
      return [
        {
          customerId: c.id,
          source: "manual" as const,
          addedBy: owner.id,
          firstSeenAt: null,
          lastSeenAt: null,
          eventCount: 0,
        },
      ];
    }
    // Several customers share a last-seen time, to exercise the tie-breaker.
    const lastSeenAt = new Date(base + Math.floor(rand() * 20) * 60_000);
    const firstSeenAt = new Date(lastSeenAt.getTime() - Math.floor(rand() * 30) * 60_000);
    const events = 1 + Math.floor(rand() * 5);
    affected.set(c.id, { lastSeenAt, firstSeenAt, events });
    return [{ customerId: c.id, firstSeenAt, lastSeenAt, eventCount: events }];
  });
  incidentId = (await seedIncident(env.db, wsId, { affected: rows })).id;
});
afterAll(() => env.close());

async function pageThrough(query: AffectedCustomersQuery) {
  const seen: AffectedCustomer[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listAffectedCustomers(env.db, wsId, incidentId, { ...query, cursor });
    seen.push(...page.rows);
    cursor = page.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return seen;
}

/** The order PostgreSQL defines: nulls as the largest value, ties by customer id. */
function expectedOrder(sort: AffectedSort, dir: "asc" | "desc", ids: number[]) {
  const key = (id: number): number | string | null => {
    const a = affected.get(id)!;
    const c = everyone.find((e) => e.id === id)!;
    if (sort === "last_seen") return a.lastSeenAt?.getTime() ?? null;
    if (sort === "first_seen") return a.firstSeenAt?.getTime() ?? null;
    if (sort === "events") return a.events;
    if (sort === "name") return (c.name ?? c.externalId).toLowerCase();
    return id;
  };
  const sign = dir === "asc" ? 1 : -1;
  return [...ids].sort((x, y) => {
    const kx = key(x);
    const ky = key(y);
    if (kx !== ky) {
      if (kx === null) return sign;
      if (ky === null) return -sign;
      return (kx < ky ? -1 : 1) * sign;
    }
    return (x - y) * sign;
  });
}

describe("listAffectedCustomers", () => {
  const orders: [AffectedSort, "asc" | "desc"][] = [
    ["last_seen", "desc"],
    ["last_seen", "asc"],
    ["first_seen", "asc"],
    ["events", "desc"],
    ["name", "asc"],
    ["name", "desc"],
    ["id", "asc"],
  ];
  for (const [sort, dir] of orders) {
    it(`pages through every affected customer exactly once by ${sort} ${dir}`, async () => {
      const rows = await pageThrough({ sort, dir, limit: 7 });
      const ids = rows.map((r) => r.customerId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expectedOrder(sort, dir, [...affected.keys()]));
    });
  }

  it("says who added a customer by hand and counts the events of observed ones", async () => {
    const manual = await pageThrough({ source: "manual" });
    const expected = [...affected].filter(([, a]) => a.events === 0).map(([id]) => id);
    expect(manual.map((r) => r.customerId).sort()).toEqual(expected.sort());
    expect(manual.every((r) => r.source === "manual" && r.addedByName === adderName)).toBe(true);
    const first = await listAffectedCustomers(env.db, wsId, incidentId, { limit: 500 });
    expect(first.total).toBe(affected.size);
    const observed = first.rows.filter((r) => r.source === "observed");
    for (const r of observed) expect(r.eventCount).toBe(affected.get(r.customerId)!.events);
  });

  it("filters by attribute values and search, and counts the matches", async () => {
    const filters = [
      { key: "region", value: "eu-west" },
      { key: "beta", value: true },
    ];
    const rows = await pageThrough({ filters, limit: 10 });
    const expected = everyone.filter(
      (c) => affected.has(c.id) && c.attributes.region === "eu-west" && c.attributes.beta === true,
    );
    expect(rows.map((r) => r.customerId).sort()).toEqual(expected.map((c) => c.id).sort());
    const first = await listAffectedCustomers(env.db, wsId, incidentId, { filters, limit: 5 });
    expect(first.total).toBe(expected.length);

    const seats = everyone.find((c) => affected.has(c.id))!.attributes.seats as number;
    const bySeats = await pageThrough({ filters: [{ key: "seats", value: seats }] });
    expect(bySeats.length).toBe(
      everyone.filter((c) => affected.has(c.id) && c.attributes.seats === seats).length,
    );

    const amys = await pageThrough({ search: "AMY" });
    const expectedAmys = everyone.filter((c) => affected.has(c.id) && c.name?.includes("amy"));
    expect(amys.map((r) => r.customerId).sort()).toEqual(expectedAmys.map((c) => c.id).sort());
    const exact = await listAffectedCustomers(env.db, wsId, incidentId, {
      search: everyone.find((c) => affected.has(c.id))!.externalId,
    });
    expect(exact.rows).toHaveLength(1);
    expect((await listAffectedCustomers(env.db, wsId, incidentId, { search: "%" })).rows).toEqual(
      [],
    );
  });

  it("refuses a cursor from another sort order or a forged one", async () => {
    const page = await listAffectedCustomers(env.db, wsId, incidentId, {
      sort: "events",
      limit: 2,
    });
    await expect(
      listAffectedCustomers(env.db, wsId, incidentId, { sort: "name", cursor: page.nextCursor }),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      listAffectedCustomers(env.db, wsId, incidentId, { cursor: "bm9wZQ" }),
    ).rejects.toMatchObject({ code: "invalid" });
  });

  it("does not list another workspace's incident", async () => {
    const owner = await signUp(env.auth);
    const other = await createWorkspace(env.auth, owner);
    await expect(listAffectedCustomers(env.db, other.id, incidentId)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("incident breakdown", () => {
  it("equals a brute-force recount of affected vs. all customers per attribute value", async () => {
    const b = await computeIncidentBreakdown(env.db, wsId, incidentId);
    expect(b.totalCustomers).toBe(everyone.length);
    expect(b.totalAffected).toBe(affected.size);
    expect(b.attributes.map((a) => a.key).sort()).toEqual(["beta", "plan", "region", "seats"]);

    for (const attr of b.attributes) {
      const withKey = everyone.filter((c) => attr.key in c.attributes);
      const counts = new Map<string, { all: number; affected: number }>();
      for (const c of withKey) {
        const k = JSON.stringify(c.attributes[attr.key]);
        const n = counts.get(k) ?? { all: 0, affected: 0 };
        n.all++;
        if (affected.has(c.id)) n.affected++;
        counts.set(k, n);
      }
      expect(attr.distinctValues).toBe(counts.size);
      expect(attr.allWithKey).toBe(withKey.length);
      expect(attr.affectedWithKey).toBe(withKey.filter((c) => affected.has(c.id)).length);
      // The top 10 values by affected customers are returned; the rest add up in `other`.
      const top = [...counts.values()].map((v) => v.affected).sort((x, y) => y - x);
      expect(attr.values.length).toBe(Math.min(10, counts.size));
      expect(attr.values.map((v) => v.affected).sort((x, y) => y - x)).toEqual(top.slice(0, 10));
      for (const v of attr.values) {
        const truth = counts.get(JSON.stringify(v.value))!;
        expect({ value: v.value, affected: v.affected, all: v.all }).toEqual({
          value: v.value,
          ...truth,
        });
        expect(v.affectedShare).toBeCloseTo(truth.affected / affected.size, 10);
        expect(v.allShare).toBeCloseTo(truth.all / everyone.length, 10);
        expect(v.affectedRate).toBeCloseTo(truth.affected / truth.all, 10);
      }
      const keptAll = attr.values.reduce((s, v) => s + v.all, 0);
      expect(attr.other.all).toBe(withKey.length - keptAll);
      // Most over-represented first.
      const over = attr.values.map((v) => v.overRepresentation);
      expect(over).toEqual([...over].sort((x, y) => y - x));
    }
    // The hit segment leads: eu-west is the first value of the first attribute.
    expect(b.attributes[0].key).toBe("region");
    expect(b.attributes[0].values[0]).toMatchObject({ value: "eu-west" });
    expect(b.attributes[0].values[0].lift).toBeGreaterThan(2);
  });

  it("answers from memory, then serves the stale one while it recomputes, never waiting twice", async () => {
    const ids = everyone.slice(0, 5).map((c) => ({ customerId: c.id }));
    const inc = await seedIncident(env.db, wsId, { affected: ids.slice(0, 3) });
    const read = (opts: Parameters<typeof readIncidentBreakdown>[3]) =>
      readIncidentBreakdown(env.db, wsId, inc.id, opts);

    // Nothing computed yet and no time to wait: "computing", and the work goes on.
    const first = await read({ waitMs: 0 });
    expect(first).toEqual({ status: "computing", breakdown: null, refreshing: true });
    const ready = await read({ waitMs: Infinity });
    expect(ready.status).toBe("ready");
    expect(ready.breakdown!.totalAffected).toBe(3);
    const again = await read({ maxAgeMs: 60_000 });
    expect(again).toEqual({ status: "ready", breakdown: ready.breakdown, refreshing: false });

    // Two more customers are affected; an old breakdown is served while a new one is made.
    await env.db
      .insert(incidentCustomer)
      .values(
        ids
          .slice(3)
          .map((a) => ({ workspaceId: wsId, incidentId: inc.id, customerId: a.customerId })),
      );
    const stale = await read({ maxAgeMs: 0, serveStaleMs: 60_000 });
    expect(stale).toMatchObject({ status: "ready", refreshing: true });
    expect(stale.breakdown!.totalAffected).toBe(3);
    const fresh = await read({ maxAgeMs: 0, serveStaleMs: 0, waitMs: Infinity });
    expect(fresh.breakdown!.totalAffected).toBe(5);
    expect(fresh.breakdown!.computedAt.getTime()).toBeGreaterThan(
      ready.breakdown!.computedAt.getTime() - 1,
    );
  });
});
