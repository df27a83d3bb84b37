/** The long-running delivery loop (what `npm run worker` and the app run) and GET /api/health. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { setAppDb } from "@/server/testing/app-routes";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { checkHealth } from "./health";
import { mailboxTransport } from "./transport";
import { messageStates, queueUpdate } from "./test-helpers";
import { seedIncident } from "@/server/incidents/testing";
import { createDraft, sendUpdate } from "@/server/messaging/updates";
import { bareWorkspace, seedPeople } from "@/server/messaging/updates-testing";
import { DELIVERY_CHANNEL, onWake, wakeDelivery } from "./wake";
import { startDeliveryLoop } from "./worker";

let env: TestEnv;
let restore: () => void;

beforeAll(async () => {
  env = await createTestEnv();
  restore = await setAppDb(env.open);
});
afterAll(async () => {
  restore();
  await env.close();
});

async function health() {
  const res = await GET();
  return { status: res.status, body: await res.json() };
}

describe("the delivery loop", () => {
  it("delivers as soon as the send path wakes it, beats while it runs, and leaves the list when stopped", async () => {
    const loop = startDeliveryLoop({
      db: env.db,
      transport: mailboxTransport(env.db),
      lanes: 1,
      pollMs: 60_000,
      heartbeatMs: 100,
    });
    const off = onWake(loop.wake);
    try {
      await expect
        .poll(async () => (await health()).body.workers.map((w: { worker: string }) => w.worker))
        .toContain(loop.worker);
      // The lane is asleep for a minute; the send path's wake-up gets the update out now.
      await new Promise((r) => setTimeout(r, 300));
      const update = await queueUpdate(env.db, { recipients: 3 });
      wakeDelivery();
      await expect
        .poll(() => messageStates(env.db, update.statusUpdateId), { timeout: 5_000 })
        .toEqual({ sent: 3 });
    } finally {
      off();
      await loop.stop();
    }
    expect((await health()).body.workers.map((w: { worker: string }) => w.worker)).not.toContain(
      loop.worker,
    );
  });

  it("is woken by an update sent from another process, through the send's NOTIFY at commit", async () => {
    const loop = startDeliveryLoop({
      db: env.db,
      transport: mailboxTransport(env.db),
      lanes: 1,
      pollMs: 60_000,
    });
    // As `npm run worker` does: no in-process wake-up, only the database's notification.
    const unlisten = await env.open.listen(DELIVERY_CHANNEL, loop.wake);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const workspaceId = await bareWorkspace(env.db, "Initech");
      const ids = await seedPeople(
        env.db,
        workspaceId,
        ["a", "b"].map((n) => ({ emails: [`${n}@initech.example`] })),
      );
      const inc = await seedIncident(env.db, workspaceId, {
        affected: ids.map((customerId) => ({ customerId })),
      });
      const actor = { userId: null, apiKeyName: "Pager" };
      const draft = await createDraft(env.db, {
        workspaceId,
        incidentId: inc.id,
        actor,
        fields: {
          status: "investigating",
          title: "Logins fail",
          body: "We know.",
          audience: "observed",
        },
      });
      await sendUpdate(env.db, { workspaceId, updateId: draft.id, actor });
      await expect
        .poll(() => messageStates(env.db, draft.id), { timeout: 5_000 })
        .toEqual({ sent: 2 });
    } finally {
      await unlisten();
      await loop.stop();
    }
  });
});

describe("GET /api/health", () => {
  it("is ok with the database reachable and nothing waiting, and shows no workspace data", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      database: { reachable: true },
      queue: { due: 0, oldestDueSeconds: null },
    });
    expect(JSON.stringify(body)).not.toMatch(/example\.com|Acme/);
  });

  it("is degraded when messages wait and no worker is alive, with the oldest's age", async () => {
    const update = await queueUpdate(env.db, { recipients: 2 });
    await env.db.execute(
      sql`update message set next_attempt_at = now() - interval '10 minutes' where status_update_id = ${update.statusUpdateId}`,
    );
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.queue.due).toBe(2);
    expect(body.queue.oldestDueSeconds).toBeGreaterThanOrEqual(600);
    expect(body.problems.join(" ")).toMatch(/waited \d+ s/);
    await env.db.execute(
      sql`delete from message where status_update_id = ${update.statusUpdateId}`,
    );
  });

  it("is down (503 from the route) when the database does not answer in time", async () => {
    const stuck = await checkHealth(() => new Promise(() => {}), 200);
    expect(stuck).toMatchObject({
      status: "down",
      database: { reachable: false, error: "no answer within 200 ms" },
    });
    const failing = await checkHealth(
      () => Promise.reject(new Error("password authentication failed for user x")),
      200,
    );
    expect(failing.database.error).toBe("unreachable");
  });
});
