/**
 * The updates router as the incident page uses it: who may draft, send, approve and cancel;
 * a commander never approves their own large update while another commander can; and every
 * procedure answers NOT_FOUND for another workspace's incident, segment or update.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceMessaging } from "@/db/schema";
import { seedIncident } from "@/server/incidents/testing";
import { getMessagingSettings } from "@/server/messaging/settings";
import { seedPeople } from "@/server/messaging/updates-testing";
import { createSegment } from "@/server/segments";
import {
  addMember,
  callerAs,
  createTestEnv,
  signUp,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function team(failing: number, threshold: number) {
  const { workspace, users } = await workspaceWithTeam(env);
  const ids = await seedPeople(
    env.db,
    workspace.id,
    Array.from({ length: failing }, (_, i) => ({ emails: [`c${i}@example.com`] })),
  );
  const inc = await seedIncident(env.db, workspace.id, {
    affected: ids.map((customerId) => ({ customerId })),
  });
  await getMessagingSettings(env.db, workspace.id);
  await env.db
    .update(workspaceMessaging)
    .set({ approvalThreshold: threshold })
    .where(eq(workspaceMessaging.workspaceId, workspace.id));
  const segment = await createSegment(env.db, {
    workspaceId: workspace.id,
    actorId: null,
    name: "All",
    rule: { conditions: [{ attribute: "plan", op: "missing" }] },
  });
  return { workspace, users, incident: inc, segment, ws: { workspace: workspace.slug } };
}

const fields = {
  status: "identified" as const,
  title: "Checkout fails",
  body: "We found the cause.",
  audience: "incident" as const,
};

describe("updates router", () => {
  it("a responder drafts and sends a small update; viewers read it with its delivery counts", async () => {
    const t = await team(3, 500);
    const responder = await callerAs(env, t.users.responder);
    const preview = await responder.updates.preview({
      ...t.ws,
      incidentId: `INC-${t.incident.number}`,
      ...fields,
    });
    expect(preview.counts.recipients).toBe(3);
    expect(preview.needsApproval).toBe(false);
    expect(preview.sample).toHaveLength(3);
    expect(preview.email?.html).toContain("Checkout fails");
    expect(preview.email?.noticeUrl).toMatch(/\/notice\//);
    const draft = await responder.updates.createDraft({
      ...t.ws,
      incidentId: t.incident.id,
      ...fields,
    });
    expect(draft).toMatchObject({ number: 1, state: "draft", reach: "audience" });
    const edited = await responder.updates.updateDraft({
      ...t.ws,
      updateId: draft.id,
      title: "Checkout fails in EU",
    });
    expect(edited.title).toBe("Checkout fails in EU");
    const sent = await responder.updates.send({ ...t.ws, updateId: draft.id });
    expect(sent).toMatchObject({ state: "sent", recipients: 3, customers: 3 });
    const viewer = await callerAs(env, t.users.viewer);
    const list = await viewer.updates.list({ ...t.ws, incidentId: String(t.incident.number) });
    expect(list.updates[0]).toMatchObject({
      state: "sent",
      recipientCount: 3,
      delivery: { queued: 3 },
    });
    expect(list.hasSent).toBe(true);
    await expect(
      viewer.updates.createDraft({ ...t.ws, incidentId: t.incident.id, ...fields }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // The next update defaults to a follow-up, a resolution to everyone told.
    const next = await responder.updates.createDraft({
      ...t.ws,
      incidentId: t.incident.id,
      ...fields,
    });
    expect(next.reach).toBe("follow_up");
    const resolved = await responder.updates.updateDraft({
      ...t.ws,
      updateId: next.id,
      status: "resolved",
    });
    expect(resolved.reach).toBe("everyone_told");
  });

  it("a large update waits; its author cannot approve it, a responder cannot, another commander can", async () => {
    const t = await team(3, 2);
    const author = await callerAs(env, t.users.commander);
    const draft = await author.updates.createDraft({
      ...t.ws,
      incidentId: t.incident.id,
      ...fields,
    });
    const held = await author.updates.send({ ...t.ws, updateId: draft.id });
    expect(held.state).toBe("awaiting_approval");
    await expect(author.updates.approve({ ...t.ws, updateId: draft.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You wrote this update, so another commander must approve it.",
    });
    const responder = await callerAs(env, t.users.responder);
    await expect(responder.updates.approve({ ...t.ws, updateId: draft.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const second = await signUp(env.auth, { name: "Second Commander" });
    await addMember(env.db, t.workspace, second, "commander");
    const approved = await (
      await callerAs(env, second)
    ).updates.approve({ ...t.ws, updateId: draft.id });
    expect(approved).toMatchObject({ state: "sent", recipients: 3 });
    const got = await author.updates.get({ ...t.ws, updateId: draft.id });
    expect(got.approvedBy?.name).toBe("Second Commander");
    expect(got.createdBy?.id).toBe(t.users.commander.id);

    const other = await author.updates.createDraft({
      ...t.ws,
      incidentId: t.incident.id,
      ...fields,
    });
    await author.updates.send({ ...t.ws, updateId: other.id });
    const cancelled = await responder.updates.cancel({ ...t.ws, updateId: other.id });
    expect(cancelled.state).toBe("cancelled");
    const detail = await author.incidents.get({ ...t.ws, incidentId: t.incident.id });
    expect(detail.activity.map((a) => a.kind)).toEqual(
      expect.arrayContaining([
        "update_approval_requested",
        "update_approved",
        "update_sent",
        "update_cancelled",
      ]),
    );
  });

  it("another workspace's incident, segment and update are NOT_FOUND to every procedure", async () => {
    const a = await team(2, 500);
    const b = await team(2, 500);
    const bAdmin = await callerAs(env, b.users.admin);
    const bDraft = await bAdmin.updates.createDraft({
      ...b.ws,
      incidentId: b.incident.id,
      ...fields,
    });
    const aAdmin = await callerAs(env, a.users.admin);
    const notFound = { code: "NOT_FOUND" };
    const ref = { ...a.ws, updateId: bDraft.id };
    await expect(aAdmin.updates.list({ ...a.ws, incidentId: b.incident.id })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      aAdmin.updates.preview({ ...a.ws, incidentId: b.incident.id, ...fields }),
    ).rejects.toMatchObject(notFound);
    await expect(
      aAdmin.updates.createDraft({ ...a.ws, incidentId: b.incident.id, ...fields }),
    ).rejects.toMatchObject(notFound);
    await expect(
      aAdmin.updates.createDraft({
        ...a.ws,
        incidentId: a.incident.id,
        ...fields,
        audience: { segment: b.segment.id },
      }),
    ).rejects.toMatchObject(notFound);
    await expect(
      aAdmin.updates.preview({
        ...a.ws,
        incidentId: a.incident.id,
        ...fields,
        audience: { segment: b.segment.id },
      }),
    ).rejects.toMatchObject(notFound);
    await expect(aAdmin.updates.get(ref)).rejects.toMatchObject(notFound);
    await expect(aAdmin.updates.updateDraft({ ...ref, title: "x" })).rejects.toMatchObject(
      notFound,
    );
    await expect(aAdmin.updates.send(ref)).rejects.toMatchObject(notFound);
    await expect(aAdmin.updates.approve(ref)).rejects.toMatchObject(notFound);
    await expect(aAdmin.updates.cancel(ref)).rejects.toMatchObject(notFound);
    // B's draft is untouched.
    expect(await bAdmin.updates.get({ ...b.ws, updateId: bDraft.id })).toMatchObject({
      state: "draft",
      title: fields.title,
    });
  });
});
