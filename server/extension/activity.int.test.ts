/** POST /api/extension/v1/activity: an inserted update on the incident's timeline, once. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentActivity } from "@/db/schema";
import { seedIncident } from "@/server/incidents/testing";
import { sendTo } from "@/server/messaging/notices-testing";
import { createDraft } from "@/server/messaging/updates";
import { seedPeople } from "@/server/messaging/updates-testing";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { activityApi } from "./api";
import { agentRequest, agentWorkspace, answer } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const activity = (token: string, body: unknown) =>
  answer(activityApi(env.db, agentRequest("/activity", token, body)));

async function world() {
  const a = await agentWorkspace(env);
  const ws = a.workspace.id;
  const [ada] = await seedPeople(env.db, ws, [
    { name: "Tenant 042", emails: ["ada@tenant42.example"] },
  ]);
  const inc = await seedIncident(env.db, ws, {
    title: "Checkout fails",
    affected: [{ customerId: ada }],
  });
  const sent = [
    await sendTo(env.db, ws, inc.id, { status: "investigating", title: "On it", body: "Looking." }),
    await sendTo(env.db, ws, inc.id, { status: "identified", title: "Found", body: "Fixing." }),
  ];
  const draft = await createDraft(env.db, {
    workspaceId: ws,
    incidentId: inc.id,
    actor: { userId: null, apiKeyName: "tests" },
    fields: { status: "monitoring", title: "Draft", body: "Not sent", audience: "observed" },
  });
  return { ...a, inc, sent, draft };
}

const inserted = (incidentId: string) =>
  env.db
    .select()
    .from(incidentActivity)
    .where(
      and(eq(incidentActivity.incidentId, incidentId), eq(incidentActivity.kind, "reply_inserted")),
    );

const ada = { kind: "email", value: "ada@tenant42.example" } as const;

describe("POST /api/extension/v1/activity", () => {
  it("records 'inserted update #2 into a reply to Tenant 042', once per agent and hour", async () => {
    const w = await world();
    const body = {
      kind: "reply_inserted",
      incident_id: `INC-${w.inc.number}`,
      update_id: w.sent[1],
      customer: ada,
    };
    const res = await activity(w.tokens.viewer, body);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(await inserted(w.inc.id)).toMatchObject([
      { fromValue: "2", toValue: "Tenant 042", actorId: w.users.viewer.id },
    ]);
    // A second click, and the same from another agent.
    expect((await activity(w.tokens.viewer, body)).status).toBe(204);
    expect((await activity(w.tokens.responder, body)).status).toBe(204);
    expect((await inserted(w.inc.id)).map((a) => a.actorId).sort()).toEqual(
      [w.users.viewer.id, w.users.responder.id].sort(),
    );
  });

  it("refuses an update that was not sent, of another incident or workspace, and stores nothing", async () => {
    const w = await world();
    const other = await world();
    const body = (extra: object) => ({
      kind: "reply_inserted",
      incident_id: w.inc.id,
      update_id: w.sent[0],
      customer: ada,
      ...extra,
    });
    const cases: [unknown, number][] = [
      [body({ update_id: w.draft.id }), 404],
      [body({ update_id: other.sent[0] }), 404],
      [body({ incident_id: other.inc.id, update_id: other.sent[0] }), 404],
      [body({ update_id: "not-a-uuid" }), 404],
      [body({ customer: { kind: "email", value: "nobody@x.example" } }), 404],
      [body({ kind: "reply_copied" }), 400],
      [body({ note: "extra" }), 400],
    ];
    for (const [b, status] of cases) {
      const res = await activity(w.tokens.viewer, b);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
    }
    expect(await inserted(w.inc.id)).toEqual([]);
    expect(await inserted(other.inc.id)).toEqual([]);
  });
});
