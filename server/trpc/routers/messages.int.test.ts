/**
 * The messages router as the customer page's Messages card uses it: every message a customer
 * was sent, newest first and paged, with its update and incident, its delivery state and
 * timestamps, why it was suppressed, and its mailbox copy; nothing of another workspace's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suppress } from "@/server/messaging/updates-testing";
import { deliverAll } from "@/server/messaging/delivery/worker";
import { mailboxTransport } from "@/server/messaging/delivery/transport";
import { callerAs, createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { sendAndDeliver, teamWithIncident } from "./messaging-views-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe("messages router", () => {
  it("lists every message a customer was sent, newest first, with its mailbox copy", async () => {
    const t = await teamWithIncident(env, [
      { name: "Initech", emails: ["ops@initech.test", "cto@initech.test"] },
      { name: "Other", emails: ["x@other.test"] },
    ]);
    const viewer = await callerAs(env, t.users.viewer);
    const none = await viewer.messages.forCustomer({ ...t.ws, customerId: t.customerIds[0] });
    expect(none).toEqual({ rows: [], nextCursor: null, total: 0 });

    const first = await sendAndDeliver(env, t, "We are on it");
    const second = await sendAndDeliver(env, t, "Rolled back");
    const list = await viewer.messages.forCustomer({ ...t.ws, customerId: t.customerIds[0] });
    expect(list.total).toBe(4);
    expect(list.rows.map((m) => [m.update.number, m.email].join(" ")).sort()).toEqual([
      "1 cto@initech.test",
      "1 ops@initech.test",
      "2 cto@initech.test",
      "2 ops@initech.test",
    ]);
    expect(list.rows.map((m) => m.update.id)).toEqual([second.id, second.id, first.id, first.id]);
    const m = list.rows[0];
    expect(m).toMatchObject({
      state: "sent",
      error: null,
      incident: { id: t.incident.id, number: t.incident.number, title: "Checkout fails in EU" },
      update: { number: 2, status: "identified", title: "Rolled back" },
    });
    expect(m.sentAt).toBeInstanceOf(Date);
    const copy = await viewer.mailbox.get({ ...t.ws, emailId: m.mailboxEmailId! });
    expect(copy.to).toBe(m.email);
    expect(copy.html).toContain("Rolled back");
  });

  it("says why a message was suppressed, and has no mailbox copy for it", async () => {
    const t = await teamWithIncident(env, [{ emails: ["late@example.com"] }]);
    const responder = await callerAs(env, t.users.responder);
    const draft = await responder.updates.createDraft({
      ...t.ws,
      incidentId: t.incident.id,
      status: "investigating",
      title: "Looking into it",
      body: "Soon more.",
      audience: "incident",
    });
    await responder.updates.send({ ...t.ws, updateId: draft.id });
    // Bounced between the send and the delivery: suppressed when the worker claims it.
    await suppress(env.db, t.workspace.id, "late@example.com", "bounced");
    await deliverAll({ db: env.db, transport: mailboxTransport(env.db), ratePerSecond: 1000 });
    const viewer = await callerAs(env, t.users.viewer);
    const list = await viewer.messages.forCustomer({ ...t.ws, customerId: t.customerIds[0] });
    expect(list.rows).toMatchObject([
      { state: "suppressed", error: "suppressed: bounced", mailboxEmailId: null, sentAt: null },
    ]);
  });

  it("pages under a signed cursor for this customer only", async () => {
    const t = await teamWithIncident(env, [
      { emails: ["a@example.com"] },
      { emails: ["b@example.com"] },
    ]);
    for (const title of ["One", "Two", "Three"]) await sendAndDeliver(env, t, title);
    const viewer = await callerAs(env, t.users.viewer);
    const titles: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof viewer.messages.forCustomer>> =
        await viewer.messages.forCustomer({
          ...t.ws,
          customerId: t.customerIds[0],
          limit: 2,
          cursor,
        });
      titles.push(...page.rows.map((r) => r.update.title));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(titles).toEqual(["Three", "Two", "One"]);
    const first = await viewer.messages.forCustomer({
      ...t.ws,
      customerId: t.customerIds[0],
      limit: 1,
    });
    await expect(
      viewer.messages.forCustomer({
        ...t.ws,
        customerId: t.customerIds[1],
        cursor: first.nextCursor,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(viewer.messages.forCustomer({ ...t.ws, customerId: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("customerId"),
    });
  });

  it("never shows another workspace's customer or messages", async () => {
    const a = await teamWithIncident(env, [{ emails: ["a-cust@example.com"] }]);
    const b = await teamWithIncident(env, [{ emails: ["b-cust@example.com"] }]);
    await sendAndDeliver(env, a, "For A");
    const bAdmin = await callerAs(env, b.users.admin);
    await expect(
      bAdmin.messages.forCustomer({ ...b.ws, customerId: a.customerIds[0] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      bAdmin.messages.forCustomer({ ...a.ws, customerId: a.customerIds[0] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await bAdmin.messages.forCustomer({ ...b.ws, customerId: b.customerIds[0] }),
    ).toMatchObject({ rows: [], total: 0 });
  });
});
