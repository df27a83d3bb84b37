/**
 * POST and GET /api/v1/incidents/{id}/updates, black-box through the route handlers' own
 * functions with real API keys: 201 sent or awaiting approval, 400 for bad bodies (nothing
 * stored), 403 for a key without the scope, 404 for another workspace's incident or segment.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyScope } from "@/db/schema";
import { incidentActivity, statusUpdate, workspaceMessaging } from "@/db/schema";
import { createApiKey } from "@/server/apikeys";
import { seedIncident } from "@/server/incidents/testing";
import { createSegment } from "@/server/segments";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { createUpdateApi, listUpdatesApi, restCreatedUpdate } from "./api";
import { getMessagingSettings } from "./settings";
import { seedPeople } from "./updates-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function workspaceWithKeys(failing = 3) {
  const owner = await signUp(env.auth);
  const workspace = await createWorkspace(env.auth, owner);
  const key = async (scopes: ApiKeyScope[], name = "Automation") =>
    (await createApiKey(env.db, { workspaceId: workspace.id, name, scopes, createdBy: owner.id }))
      .key;
  const ids = await seedPeople(
    env.db,
    workspace.id,
    Array.from({ length: failing }, (_, i) => ({ emails: [`x${i}@example.com`] })),
  );
  const inc = await seedIncident(env.db, workspace.id, {
    affected: ids.map((customerId) => ({ customerId })),
  });
  const segment = await createSegment(env.db, {
    workspaceId: workspace.id,
    actorId: null,
    name: "Everyone",
    rule: { conditions: [{ attribute: "plan", op: "missing" }] },
  });
  return {
    workspace,
    incident: inc,
    segment,
    notifyKey: await key(["notify"], "Pager"),
    readKey: await key(["read"]),
    ingestKey: await key(["ingest"]),
  };
}

async function post(key: string | undefined, id: string, body: unknown) {
  const req = new Request(`http://localhost/api/v1/incidents/${id}/updates`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await createUpdateApi(env.db, req, { id });
  return { status: res.status, body: await res.json() };
}

async function list(key: string, id: string) {
  const req = new Request(`http://localhost/api/v1/incidents/${id}/updates`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const res = await listUpdatesApi(env.db, req, { id });
  return { status: res.status, body: await res.json() };
}

const update = {
  status: "identified",
  title: "Payments fail",
  body: "We are on it.",
  audience: "incident",
};

describe("POST /api/v1/incidents/{id}/updates", () => {
  it("201: sends to the audience and the key is named in the activity", async () => {
    const w = await workspaceWithKeys();
    const res = await post(w.notifyKey, `INC-${w.incident.number}`, update);
    expect(res.status).toBe(201);
    expect(restCreatedUpdate.parse(res.body)).toMatchObject({
      number: 1,
      state: "sent",
      recipients: 3,
      customers: 3,
    });
    const activity = await env.db
      .select({
        kind: incidentActivity.kind,
        from: incidentActivity.fromValue,
        actor: incidentActivity.actorId,
      })
      .from(incidentActivity)
      .where(eq(incidentActivity.incidentId, w.incident.id));
    expect(activity).toContainEqual({ kind: "update_sent", from: "API key Pager", actor: null });
  });

  it("201 awaiting approval above the threshold", async () => {
    const w = await workspaceWithKeys();
    await getMessagingSettings(env.db, w.workspace.id);
    await env.db
      .update(workspaceMessaging)
      .set({ approvalThreshold: 2 })
      .where(eq(workspaceMessaging.workspaceId, w.workspace.id));
    const res = await post(w.notifyKey, w.incident.id, {
      ...update,
      audience: { segment: w.segment.id },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: "awaiting_approval", recipients: 3 });
  });

  it("400 for a bad body, storing nothing", async () => {
    const w = await workspaceWithKeys();
    for (const body of [
      { ...update, title: "" },
      { ...update, status: "fixed" },
      { ...update, audience: "everyone" },
      { ...update, audience: { segment: "nope" } },
      { ...update, reach: "all" },
      { ...update, extra: 1 },
      "{not json",
    ]) {
      const res = await post(w.notifyKey, w.incident.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid");
    }
    // An incident without anyone to tell: refused as a whole, the draft is not kept either.
    const empty = await seedIncident(env.db, w.workspace.id);
    expect((await post(w.notifyKey, empty.id, update)).status).toBe(400);
    const rows = await env.db
      .select()
      .from(statusUpdate)
      .where(eq(statusUpdate.workspaceId, w.workspace.id));
    expect(rows).toHaveLength(0);
  });

  it("401 without a key, 403 for a key without notify", async () => {
    const w = await workspaceWithKeys();
    expect((await post(undefined, w.incident.id, update)).status).toBe(401);
    for (const key of [w.readKey, w.ingestKey]) {
      const res = await post(key, w.incident.id, update);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('"notify"');
    }
  });

  it("404 for another workspace's incident or segment", async () => {
    const a = await workspaceWithKeys();
    const b = await workspaceWithKeys();
    expect((await post(a.notifyKey, b.incident.id, update)).status).toBe(404);
    expect((await post(a.notifyKey, "INC-999", update)).status).toBe(404);
    const res = await post(a.notifyKey, a.incident.id, {
      ...update,
      audience: { segment: b.segment.id },
    });
    expect(res.status).toBe(404);
    const rows = await env.db
      .select()
      .from(statusUpdate)
      .where(eq(statusUpdate.workspaceId, b.workspace.id));
    expect(rows).toHaveLength(0);
  });
});

describe("GET /api/v1/incidents/{id}/updates", () => {
  it("lists updates with per-update delivery counts for read and notify keys; 403 for ingest, 404 across workspaces", async () => {
    const w = await workspaceWithKeys();
    await post(w.notifyKey, w.incident.id, update);
    for (const key of [w.readKey, w.notifyKey]) {
      const res = await list(key, String(w.incident.number));
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).toMatchObject({
        number: 1,
        state: "sent",
        recipients: 3,
        audience: "incident",
        reach: "audience",
        delivery: { queued: 3, delivered: 0, bounced: 0 },
      });
    }
    const denied = await list(w.ingestKey, w.incident.id);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('"read" or "notify"');
    const other = await workspaceWithKeys();
    expect((await list(other.readKey, w.incident.id)).status).toBe(404);
  });
});
