import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/server/apikeys";
import { ingestEvents } from "@/server/ingest";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { getIncidentApi, listIncidentCustomersApi, listIncidentsApi } from "./read-api";
import { restCustomersPage, restIncidentDetail, restIncidentList } from "./read-schemas";
import { seedCustomers, seedIncident } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function workspaceWithKeys() {
  const owner = await signUp(env.auth);
  const workspace = await createWorkspace(env.auth, owner);
  const key = async (scopes: ("ingest" | "read")[]) =>
    (
      await createApiKey(env.db, {
        workspaceId: workspace.id,
        name: "k",
        scopes,
        createdBy: owner.id,
      })
    ).key;
  return { workspace, readKey: await key(["read"]), ingestKey: await key(["ingest"]) };
}

function get(path: string, key?: string) {
  return new Request(`http://localhost${path}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

async function call(
  handler: (db: TestEnv["db"], req: Request, ...a: { id: string }[]) => Promise<Response>,
  path: string,
  key?: string,
  params?: { id: string },
) {
  const res = params
    ? await handler(env.db, get(path, key), params)
    : await handler(env.db, get(path, key));
  return { status: res.status, body: await res.json() };
}

describe("GET /api/v1/incidents", () => {
  it("lists open, resolved or all incidents with affected customers", async () => {
    const { workspace, readKey } = await workspaceWithKeys();
    const now = Date.now();
    const events = Array.from({ length: 26 }, (_, i) => ({
      id: `e${i}`,
      timestamp: new Date(now - (i % 2) * 60_000).toISOString(),
      service: "api",
      error: { type: "DbError", message: "connection reset" },
      customer: { id: `c${i}` },
    }));
    await ingestEvents(env.db, workspace.id, events);
    await seedIncident(env.db, workspace.id, { status: "resolved", title: "Old one" });

    const open = await call(listIncidentsApi, "/api/v1/incidents", readKey);
    expect(open.status).toBe(200);
    const body = restIncidentList.parse(open.body);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      reference: "INC-1",
      status: "investigating",
      affected_customers: 26,
      affected_customers_last_hour: 26,
      events: 26,
    });
    const resolved = await call(listIncidentsApi, "/api/v1/incidents?status=resolved", readKey);
    expect(resolved.body.data.map((i: { title: string }) => i.title)).toEqual(["Old one"]);
    const all = await call(listIncidentsApi, "/api/v1/incidents?status=all", readKey);
    expect(all.body.data).toHaveLength(2);
  });

  it("answers 401 without a valid key, 403 without the read scope, 400 for bad parameters", async () => {
    const { readKey, ingestKey } = await workspaceWithKeys();
    const missing = await call(listIncidentsApi, "/api/v1/incidents");
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("unauthorized");
    expect((await call(listIncidentsApi, "/api/v1/incidents", "br_nope")).status).toBe(401);
    const noScope = await call(listIncidentsApi, "/api/v1/incidents", ingestKey);
    expect(noScope.status).toBe(403);
    expect(noScope.body.error.message).toMatch(/read/);
    for (const q of ["status=closed", "limit=0", "limit=501", "limit=ten"]) {
      const bad = await call(listIncidentsApi, `/api/v1/incidents?${q}`, readKey);
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe("invalid");
      expect(bad.body.error.message).toMatch(/^Invalid query parameter: (status|limit)/);
    }
  });
});

describe("GET /api/v1/incidents/{id}", () => {
  it("answers the incident with affected customers, issues and the per-minute series", async () => {
    const { workspace, readKey } = await workspaceWithKeys();
    const now = Date.now();
    await ingestEvents(
      env.db,
      workspace.id,
      Array.from({ length: 40 }, (_, i) => ({
        id: `e${i}`,
        timestamp: new Date(now - (i % 4) * 60_000).toISOString(),
        service: "search",
        error: { type: "Timeout", message: "shard 3 timed out" },
        customer: { id: `c${i % 30}` },
      })),
    );
    const [inc] = (await call(listIncidentsApi, "/api/v1/incidents", readKey)).body.data;
    for (const ref of [inc.id, "INC-1", "1"]) {
      const res = await call(getIncidentApi, `/api/v1/incidents/${ref}`, readKey, { id: ref });
      expect(res.status).toBe(200);
      const body = restIncidentDetail.parse(res.body);
      expect(body).toMatchObject({ id: inc.id, affected_customers: 30, events: 40 });
      expect(body.issues).toHaveLength(1);
      expect(body.issues[0]).toMatchObject({ service: "search", events: 40, customers: 30 });
      expect(body.series.reduce((s, p) => s + p.events, 0)).toBe(40);
      expect(body.series.filter((p) => p.events > 0).map((p) => p.events)).toEqual([
        10, 10, 10, 10,
      ]);
      expect(Date.parse(body.series[1].minute) - Date.parse(body.series[0].minute)).toBe(60_000);
    }
    const window = await call(getIncidentApi, `/api/v1/incidents/${inc.id}?minutes=5`, readKey, {
      id: inc.id,
    });
    expect(window.body.series).toHaveLength(5);
    const bad = await call(getIncidentApi, `/api/v1/incidents/${inc.id}?minutes=0`, readKey, {
      id: inc.id,
    });
    expect(bad.status).toBe(400);
  });

  it("answers 404 for another workspace's incident and for ids that name nothing", async () => {
    const a = await workspaceWithKeys();
    const b = await workspaceWithKeys();
    const incB = await seedIncident(env.db, b.workspace.id, {});
    for (const id of [incB.id, "INC-1", "1", "00000000-0000-4000-8000-000000000000", "x'--"]) {
      const res = await call(getIncidentApi, `/api/v1/incidents/${id}`, a.readKey, { id });
      expect(res.status, id).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "Incident not found." } });
      const customers = await call(
        listIncidentCustomersApi,
        `/api/v1/incidents/${id}/customers`,
        a.readKey,
        { id },
      );
      expect(customers.status, id).toBe(404);
    }
    // B's own key reads it.
    const own = await call(getIncidentApi, `/api/v1/incidents/${incB.id}`, b.readKey, {
      id: incB.id,
    });
    expect(own.status).toBe(200);
    const noKey = await call(getIncidentApi, `/api/v1/incidents/${incB.id}`, undefined, {
      id: incB.id,
    });
    expect(noKey.status).toBe(401);
    const ingestOnly = await call(getIncidentApi, `/api/v1/incidents/${incB.id}`, b.ingestKey, {
      id: incB.id,
    });
    expect(ingestOnly.status).toBe(403);
  });
});

describe("GET /api/v1/incidents/{id}/customers", () => {
  it("pages through every affected customer once with next_cursor", async () => {
    const { workspace, readKey, ingestKey } = await workspaceWithKeys();
    const customers = await seedCustomers(
      env.db,
      workspace.id,
      Array.from({ length: 230 }, (_, i) => ({
        externalId: `acct-${i}`,
        name: `Account ${i}`,
        attributes: { plan: i % 3 ? "pro" : "free", seats: i, trial: i % 5 === 0 },
      })),
    );
    const inc = await seedIncident(env.db, workspace.id, {
      affected: customers.slice(0, 205).map((c, i) => ({
        customerId: c.id,
        eventCount: 1 + (i % 4),
        lastSeenAt: new Date(Date.UTC(2026, 2, 2, 12, i % 60)),
      })),
    });
    const path = `/api/v1/incidents/${inc.id}/customers`;
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const url: string = next ? `${path}?cursor=${encodeURIComponent(next)}` : path;
      const res = await call(listIncidentCustomersApi, url, readKey, { id: inc.id });
      expect(res.status).toBe(200);
      const body = restCustomersPage.parse(res.body);
      expect(body.data.length).toBeLessThanOrEqual(100);
      seen.push(...body.data.map((c) => c.id));
      next = body.next_cursor;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(205);
    expect(seen.sort()).toEqual(
      customers
        .slice(0, 205)
        .map((c) => c.externalId)
        .sort(),
    );

    const one = await call(listIncidentCustomersApi, `${path}?limit=1`, readKey, { id: inc.id });
    expect(one.body.data).toEqual([
      {
        id: "acct-0",
        name: "Account 0",
        attributes: { plan: "free", seats: 0, trial: true },
        source: "observed",
        added_by: null,
        first_seen_at: expect.any(String),
        last_seen_at: "2026-03-02T12:00:00.000Z",
        events: 1,
      },
    ]);
    const big = await call(listIncidentCustomersApi, `${path}?limit=500`, readKey, { id: inc.id });
    expect(big.body.data).toHaveLength(205);
    expect(big.body.next_cursor).toBeNull();

    for (const q of ["limit=501", "limit=0", "limit=-1", "cursor=garbage"]) {
      const bad = await call(listIncidentCustomersApi, `${path}?${q}`, readKey, { id: inc.id });
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe("invalid");
    }
    expect((await call(listIncidentCustomersApi, path, ingestKey, { id: inc.id })).status).toBe(
      403,
    );
  });
});
