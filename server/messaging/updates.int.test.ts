/**
 * The send path: one transaction (a failure after the outbox was written leaves nothing),
 * the threshold that holds a large update for approval, the incident taking the update's
 * status, the activity of every step, and drafts that refuse bad input.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incident, incidentActivity, message, statusUpdate, workspaceMessaging } from "@/db/schema";
import { seedIncident } from "@/server/incidents/testing";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { getMessagingSettings } from "./settings";
import { listUpdates } from "./update-queries";
import { approveUpdate, cancelUpdate, createDraft, sendUpdate, updateDraft } from "./updates";
import { bareWorkspace, seedPeople } from "./updates-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const api = { userId: null, apiKeyName: "Pager" };

async function incidentWith(failing: number, threshold = 500) {
  const workspaceId = await bareWorkspace(env.db, "Globex");
  const ids = await seedPeople(
    env.db,
    workspaceId,
    Array.from({ length: failing }, (_, i) => ({ emails: [`p${i}@example.com`] })),
  );
  const inc = await seedIncident(env.db, workspaceId, {
    affected: ids.map((customerId) => ({ customerId })),
  });
  await getMessagingSettings(env.db, workspaceId);
  await env.db
    .update(workspaceMessaging)
    .set({ approvalThreshold: threshold })
    .where(eq(workspaceMessaging.workspaceId, workspaceId));
  return { workspaceId, incidentId: inc.id };
}

const draft = (workspaceId: string, incidentId: string, status = "identified" as const) =>
  createDraft(env.db, {
    workspaceId,
    incidentId,
    actor: api,
    fields: {
      status,
      title: "Payments fail in EU",
      body: "**We know** why.",
      audience: "observed",
    },
  });

async function activity(incidentId: string) {
  const rows = await env.db
    .select({
      kind: incidentActivity.kind,
      from: incidentActivity.fromValue,
      to: incidentActivity.toValue,
    })
    .from(incidentActivity)
    .where(eq(incidentActivity.incidentId, incidentId))
    .orderBy(asc(incidentActivity.id));
  return rows;
}

describe("sending a status update", () => {
  it("writes one message per address, sets the incident's status and records each step", async () => {
    const { workspaceId, incidentId } = await incidentWith(3);
    const d = await draft(workspaceId, incidentId);
    expect(d.number).toBe(1);
    const sent = await sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api });
    expect(sent).toEqual({ id: d.id, state: "sent", customers: 3, recipients: 3 });
    const [row] = await env.db.select().from(statusUpdate).where(eq(statusUpdate.id, d.id));
    expect(row.content).toMatchObject({
      workspaceName: "Globex",
      incidentReference: expect.stringMatching(/^INC-\d+$/),
      segmentInWords: null,
    });
    expect(row.content?.templates.en).toBeDefined();
    const [inc] = await env.db.select().from(incident).where(eq(incident.id, incidentId));
    expect(inc.status).toBe("identified");
    expect(await activity(incidentId)).toEqual([
      { kind: "update_drafted", from: "API key Pager", to: "#1 identified “Payments fail in EU”" },
      { kind: "status", from: "investigating", to: "identified" },
      { kind: "update_sent", from: "API key Pager", to: "#1 identified to 3 recipients" },
    ]);
    const { updates } = await listUpdates(env.db, workspaceId, incidentId);
    expect(updates[0].delivery).toMatchObject({ queued: 3, sent: 0, delivered: 0 });
  });

  it("greets each address by its contact's name, else by its customer's name", async () => {
    const workspaceId = await bareWorkspace(env.db, "Globex");
    const ids = await seedPeople(env.db, workspaceId, [
      { name: "Initech", contactName: "Peter Gibbons", emails: ["peter@initech.example"] },
      { name: "Umbrella Corp", contactName: null, emails: ["ops@umbrella.example"] },
      { contactName: null, emails: ["nobody@example.com"] },
    ]);
    const inc = await seedIncident(env.db, workspaceId, {
      affected: ids.map((customerId) => ({ customerId })),
    });
    const d = await draft(workspaceId, inc.id);
    await sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api });
    const rows = await env.db
      .select({ email: message.email, name: message.name })
      .from(message)
      .where(eq(message.statusUpdateId, d.id))
      .orderBy(asc(message.email));
    expect(rows).toEqual([
      { email: "nobody@example.com", name: null },
      { email: "ops@umbrella.example", name: "Umbrella Corp" },
      { email: "peter@initech.example", name: "Peter Gibbons" },
    ]);
  });

  it("is one transaction: a failure after the outbox was written leaves no message, no status and no activity", async () => {
    const { workspaceId, incidentId } = await incidentWith(4);
    const d = await draft(workspaceId, incidentId);
    // A real failure inside PostgreSQL at the last step of the send (the update_sent activity row).
    const fn = `fail_${workspaceId.replace(/-/g, "_")}`;
    await env.db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
        begin
          if new.kind = 'update_sent' and new.workspace_id = '${workspaceId}' then
            raise exception 'injected failure';
          end if;
          return new;
        end $$`),
    );
    await env.db.execute(
      sql.raw(`create trigger ${fn} before insert on incident_activity
        for each row execute function ${fn}()`),
    );
    try {
      await expect(
        sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api }),
      ).rejects.toThrow();
    } finally {
      await env.db.execute(sql.raw(`drop trigger ${fn} on incident_activity`));
      await env.db.execute(sql.raw(`drop function ${fn}()`));
    }
    const messages = await env.db.select().from(message).where(eq(message.statusUpdateId, d.id));
    expect(messages).toHaveLength(0);
    const [row] = await env.db.select().from(statusUpdate).where(eq(statusUpdate.id, d.id));
    expect(row).toMatchObject({ state: "draft", sentAt: null, content: null, recipientCount: 0 });
    const [inc] = await env.db.select().from(incident).where(eq(incident.id, incidentId));
    expect(inc.status).toBe("investigating");
    expect((await activity(incidentId)).map((a) => a.kind)).toEqual(["update_drafted"]);
    // Nothing is half-done: the same draft sends cleanly afterwards.
    const sent = await sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api });
    expect(sent.recipients).toBe(4);
  });

  it("above the threshold waits for approval with nothing sent; approval sends it, cancelling ends it", async () => {
    const { workspaceId, incidentId } = await incidentWith(3, 2);
    const d = await draft(workspaceId, incidentId);
    const held = await sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api });
    expect(held).toEqual({ id: d.id, state: "awaiting_approval", customers: 3, recipients: 3 });
    expect(
      await env.db.select().from(message).where(eq(message.statusUpdateId, d.id)),
    ).toHaveLength(0);
    const [inc] = await env.db.select().from(incident).where(eq(incident.id, incidentId));
    expect(inc.status).toBe("investigating");
    // Sending it again is refused: it is no draft any more.
    await expect(
      sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api }),
    ).rejects.toMatchObject({ code: "conflict" });
    const approved = await approveUpdate(env.db, {
      workspaceId,
      updateId: d.id,
      actor: { userId: null },
    });
    expect(approved.state).toBe("sent");
    expect((await activity(incidentId)).map((a) => a.kind)).toEqual([
      "update_drafted",
      "update_approval_requested",
      "status",
      "update_approved",
      "update_sent",
    ]);

    const second = await draft(workspaceId, incidentId, "identified");
    await sendUpdate(env.db, { workspaceId, updateId: second.id, actor: api });
    const cancelled = await cancelUpdate(env.db, { workspaceId, updateId: second.id, actor: api });
    expect(cancelled.state).toBe("cancelled");
    await expect(
      approveUpdate(env.db, { workspaceId, updateId: second.id, actor: { userId: null } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await activity(incidentId)).at(-1)).toEqual({
      kind: "update_cancelled",
      from: "API key Pager",
      to: "#2 identified “Payments fail in EU”",
    });
  });

  it("refuses an update that reaches nobody, and bad drafts, storing nothing", async () => {
    const { workspaceId, incidentId } = await incidentWith(0);
    const d = await draft(workspaceId, incidentId);
    await expect(
      sendUpdate(env.db, { workspaceId, updateId: d.id, actor: api }),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      updateDraft(env.db, { workspaceId, updateId: d.id, actor: api, fields: { title: " " } }),
    ).rejects.toThrow(/title/);
    await expect(
      createDraft(env.db, {
        workspaceId,
        incidentId,
        actor: api,
        fields: {
          status: "identified",
          title: "x",
          body: "y".repeat(20_001),
          audience: "observed",
        },
      }),
    ).rejects.toThrow(/at most 20,000/);
    const rows = await env.db
      .select()
      .from(statusUpdate)
      .where(and(eq(statusUpdate.workspaceId, workspaceId)));
    expect(rows.map((r) => [r.title, r.state])).toEqual([["Payments fail in EU", "draft"]]);
  });
});
