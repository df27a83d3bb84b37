/**
 * Every keyset-paged list, over REST and tRPC, answers a cursor it did not issue — made up,
 * altered, of wrong types or impossible values, or issued for another list, sort, incident or
 * workspace — with 400 `invalid` / BAD_REQUEST, and never lets it reach SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { customer } from "@/db/schema";
import { createApiKey } from "@/server/apikeys";
import { CURSOR_REFUSED, cursorCodec } from "@/server/cursor";
import { alteredSignature } from "@/server/testing/hostile";
import { listIncidentCustomersApi } from "@/server/incidents/read-api";
import { seedCustomers, seedIncident } from "@/server/incidents/testing";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const b64 = (v: unknown) =>
  Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/**
 * Cursors nobody issued, built around a real one: not base64, base64 of the wrong JSON,
 * `oldShapes` (what cursors held before they were signed, with wrong types, NaN/Infinity,
 * huge numbers and impossible dates), and the real one altered.
 */
function crafted(real: string, oldShapes: unknown[]): string[] {
  const [payload, mac] = real.split(".");
  const value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  return [
    "garbage",
    "%%%",
    "bm9wZQ",
    b64("null"),
    b64([1, 2]),
    b64({}),
    b64('{"i":NaN}'),
    ...oldShapes.map(b64),
    ...oldShapes.map((v) => `${b64(v)}.${mac}`),
    `${b64('{"v":1e999,"i":1e999,"k":1e999,"id":1e999}')}.${mac}`,
    `${b64({ ...value, i: 1e300, id: 1e300 })}.${mac}`,
    `${b64({ ...value, v: "2026-02-30 00:00:00+00", k: "2026-02-30 00:00:00+00" })}.${mac}`,
    payload,
    `${payload}.${mac}.${mac}`,
    `${payload}.${alteredSignature(mac)}`,
  ];
}

async function scenario() {
  const { workspace, users } = await workspaceWithTeam(env);
  const ws = { workspace: workspace.slug };
  const customers = await seedCustomers(
    env.db,
    workspace.id,
    Array.from({ length: 5 }, (_, i) => ({ externalId: `c${i}`, name: `Customer ${i}` })),
  );
  for (const [i, c] of customers.entries()) {
    await env.db
      .update(customer)
      .set({ lastSeenAt: new Date(Date.UTC(2026, 10, 1, 12, i)) })
      .where(eq(customer.id, c.id));
  }
  const affected = customers.map((c, i) => ({
    customerId: c.id,
    eventCount: 1 + i,
    lastSeenAt: new Date(Date.UTC(2026, 10, 1, 12, i)),
  }));
  const incident = await seedIncident(env.db, workspace.id, { affected });
  const other = await seedIncident(env.db, workspace.id, { affected });
  const key = await createApiKey(env.db, {
    workspaceId: workspace.id,
    name: "read",
    scopes: ["read"],
    createdBy: users.admin.id,
  });
  return { workspace, ws, incident, other, viewer: await callerAs(env, users.viewer), key };
}

const refused = { code: "BAD_REQUEST", message: CURSOR_REFUSED };

describe("GET /api/v1/incidents/{id}/customers with a cursor it did not issue", () => {
  it("answers 400 invalid", async () => {
    const { incident, other, key } = await scenario();
    const get = async (incidentId: string, cursor?: string) => {
      const q = cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const req = new Request(
        `http://localhost/api/v1/incidents/${incidentId}/customers?limit=2${q}`,
        { headers: { authorization: `Bearer ${key.key}` } },
      );
      const res = await listIncidentCustomersApi(env.db, req, { id: incidentId });
      return { status: res.status, body: await res.json() };
    };
    const first = await get(incident.id);
    expect(first.status).toBe(200);
    const real: string = first.body.next_cursor;
    expect((await get(incident.id, real)).status).toBe(200);

    const bad = [
      ...crafted(real, [
        { s: "id", d: "asc", v: "abc", i: 1 },
        { s: "id", d: "asc", v: "99999999999999999999", i: 1 },
        { s: "id", d: "asc", v: null, i: 1e300 },
      ]),
      (await get(other.id)).body.next_cursor,
    ];
    for (const cursor of bad) {
      const res = await get(incident.id, cursor);
      expect(res.status, cursor).toBe(400);
      expect(res.body, cursor).toEqual({ error: { code: "invalid", message: CURSOR_REFUSED } });
    }
  });
});

describe("tRPC lists with a cursor they did not issue", () => {
  it("incidents.customers answers BAD_REQUEST for every sort", async () => {
    const { ws, incident, other, viewer } = await scenario();
    const list = (incidentId: string, sort: string, dir: "asc" | "desc", cursor?: string) =>
      viewer.incidents.customers({
        ...ws,
        incidentId,
        sort: sort as "id",
        dir,
        limit: 2,
        cursor,
      });
    for (const sort of ["last_seen", "first_seen", "events", "name", "id"]) {
      const real = (await list(incident.id, sort, "desc")).nextCursor!;
      expect((await list(incident.id, sort, "desc", real)).rows).toHaveLength(2);
      const bad = [
        ...crafted(real, [
          { s: sort, d: "desc", v: "abc", i: 1 },
          { s: sort, d: "desc", v: "2026-13-45 99:00:00+00", i: 1 },
          { s: sort, d: "desc", v: "1e999", i: 1 },
        ]),
        (await list(other.id, sort, "desc")).nextCursor!,
        (await list(incident.id, sort, "asc")).nextCursor!,
      ];
      for (const cursor of bad) {
        await expect(
          list(incident.id, sort, "desc", cursor),
          `${sort} ${cursor}`,
        ).rejects.toMatchObject(refused);
      }
    }
    // Signed for this very list, but holding what an earlier version might have put there.
    const scope = [incident.workspaceId, incident.id, "last_seen", "desc"];
    const older = cursorCodec("incident-customers", z.unknown());
    for (const value of [
      { v: "yesterday", i: 1 },
      { v: "2026-02-30 00:00:00+00", i: 1 },
      { i: 1 },
    ]) {
      await expect(
        list(incident.id, "last_seen", "desc", older.encode(scope, value)),
      ).rejects.toMatchObject(refused);
    }
  });

  it("customers.list answers BAD_REQUEST for every sort, and for another workspace's cursor", async () => {
    const { workspace, ws, viewer } = await scenario();
    const owner = await signUp(env.auth);
    const elsewhere = await createWorkspace(env.auth, owner);
    const theirs = await callerAs(env, owner);
    // Thirty customers in each, so that pages of 25 have a next one.
    const more = (prefix: string) =>
      Array.from({ length: 30 }, (_, i) => ({
        externalId: `${prefix}${i}`,
        name: `${prefix} ${i}`,
      }));
    await seedCustomers(env.db, workspace.id, more("m"));
    await seedCustomers(env.db, elsewhere.id, more("x"));
    await env.db.execute(
      sql`update customer set last_seen_at = now() where workspace_id = ${elsewhere.id}`,
    );
    for (const sort of ["name", "externalId", "lastSeen", "created"] as const) {
      const list = (cursor?: string) => viewer.customers.list({ ...ws, sort, cursor });
      const real = (await list()).nextCursor!;
      expect((await list(real)).customers).toHaveLength(10);
      const foreign = (await theirs.customers.list({ workspace: elsewhere.slug, sort }))
        .nextCursor!;
      const other = sort === "name" ? "externalId" : "name";
      const bad = [
        ...crafted(real, [
          { s: `${sort}.asc`, k: "2026-13-45 00:00:00+00", id: 1 },
          { s: `${sort}.asc`, k: "0000-00-00 00:00:00+00", id: 1 },
          { s: `${sort}.asc`, k: ["x"], id: 1 },
        ]),
        foreign,
        (await viewer.customers.list({ ...ws, sort: other })).nextCursor!,
        (await viewer.customers.list({ ...ws, sort, dir: "desc" })).nextCursor!,
      ];
      for (const cursor of bad) {
        await expect(list(cursor), `${sort} ${cursor}`).rejects.toMatchObject(refused);
      }
    }
    // Signed for this very list, but holding what an earlier version might have put there.
    const older = cursorCodec("customers", z.unknown());
    for (const k of ["2026-13-45 00:00:00+00", "yesterday", 5]) {
      const cursor = older.encode([workspace.id, "lastSeen", "asc"], { k, id: 1 });
      await expect(
        viewer.customers.list({ ...ws, sort: "lastSeen", cursor }),
      ).rejects.toMatchObject(refused);
    }
  });

  it("audience.members answers BAD_REQUEST, also for another incident's or listing's cursor", async () => {
    const { ws, incident, other, viewer } = await scenario();
    const members = (incidentId: string, cursor?: string, excluded = false) =>
      viewer.audience.members({ ...ws, incidentId, limit: 2, cursor, excluded });
    const real = (await members(incident.id)).nextCursor!;
    expect((await members(incident.id, real)).rows).toHaveLength(2);
    const bad = [
      ...crafted(real, [
        { i: 1e300, l: "members:" },
        { i: -5, l: "members:" },
        { i: "1", l: "members:" },
      ]),
      (await members(other.id)).nextCursor!,
    ];
    for (const cursor of bad) {
      await expect(members(incident.id, cursor), cursor).rejects.toMatchObject(refused);
    }
    await expect(members(incident.id, real, true)).rejects.toMatchObject(refused);
  });
});
