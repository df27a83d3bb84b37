/**
 * The mailbox router as the Mailbox page uses it: every member reads the emails the workspace
 * sent, newest first, paged and searched, each as its recipient got it (headers, HTML, text)
 * with what it was about; and nothing of another workspace's mailbox ever shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, createTestEnv, signUp, type TestEnv } from "@/server/testing/fixtures";
import { sendAndDeliver, teamWithIncident } from "./messaging-views-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const people = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({
    name: `Person ${i}`,
    emails: [`${tag}${i}@example.com`],
  }));

describe("mailbox router", () => {
  it("shows a viewer every email sent, as its recipient got it, with its update, incident and customer", async () => {
    const t = await teamWithIncident(env, people(3, "ann"));
    const viewer = await callerAs(env, t.users.viewer);
    expect(await viewer.mailbox.list(t.ws)).toEqual({ rows: [], nextCursor: null, total: 0 });

    const update = await sendAndDeliver(env, t, "Rollback under way");
    const list = await viewer.mailbox.list(t.ws);
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => r.to).sort()).toEqual([
      "ann0@example.com",
      "ann1@example.com",
      "ann2@example.com",
    ]);
    expect(list.rows[0].subject).toContain("Checkout fails in EU");

    const row = list.rows.find((r) => r.to === "ann1@example.com")!;
    const email = await viewer.mailbox.get({ ...t.ws, emailId: row.id });
    expect(email.html).toContain("Rollback under way");
    expect(email.text).toContain("Rollback under way");
    expect(email.listUnsubscribe).toMatch(/^<https?:\/\/.+\/unsubscribe\/.+>/);
    expect(email.listUnsubscribePost).toBe("List-Unsubscribe=One-Click");
    expect(email.message).toMatchObject({
      state: "sent",
      customerId: t.customerIds[1],
      customer: { id: t.customerIds[1], name: "Person 1" },
      update: { id: update.id, number: 1, status: "identified", title: "Rollback under way" },
      incident: { id: t.incident.id, number: t.incident.number, title: "Checkout fails in EU" },
    });
  });

  it("pages newest first under a signed cursor, without repeating or losing an email", async () => {
    const t = await teamWithIncident(env, people(3, "pag"));
    await sendAndDeliver(env, t, "First");
    await sendAndDeliver(env, t, "Second");
    const viewer = await callerAs(env, t.users.viewer);
    const seen: string[] = [];
    const subjects: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof viewer.mailbox.list>> = await viewer.mailbox.list({
        ...t.ws,
        limit: 4,
        cursor,
      });
      expect(page.total).toBe(pages === 0 ? 6 : null);
      seen.push(...page.rows.map((r) => r.id));
      subjects.push(...page.rows.map((r) => r.subject));
      for (let i = 1; i < page.rows.length; i++) {
        expect(page.rows[i - 1].receivedAt >= page.rows[i].receivedAt).toBe(true);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(6);
    // The second update's emails were received after the first's: they come first.
    const full = await viewer.mailbox.list({ ...t.ws, limit: 100 });
    const firstUpdate = await Promise.all(
      full.rows.map((r) => viewer.mailbox.get({ ...t.ws, emailId: r.id })),
    );
    expect(firstUpdate.map((e) => e.message?.update?.number)).toEqual([2, 2, 2, 1, 1, 1]);
    // One batch stores its emails at the same moment: they follow in send order, newest first.
    const messageIds = firstUpdate.map((e) => e.message!.id);
    expect(messageIds).toEqual([...messageIds].sort((x, y) => y - x));

    // A cursor continues only its own list: not another search's.
    const first = await viewer.mailbox.list({ ...t.ws, limit: 1 });
    await expect(
      viewer.mailbox.list({ ...t.ws, search: "pag", cursor: first.nextCursor }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("searches by recipient or subject, in any case", async () => {
    const t = await teamWithIncident(env, [
      { emails: ["Zoe.Ops@Example.com"] },
      { emails: ["max@example.com"] },
    ]);
    await sendAndDeliver(env, t, "Found it");
    const viewer = await callerAs(env, t.users.viewer);
    const byAddress = await viewer.mailbox.list({ ...t.ws, search: "ZOE.ops" });
    expect(byAddress.rows.map((r) => r.to)).toEqual(["zoe.ops@example.com"]);
    expect(byAddress.total).toBe(1);
    const bySubject = await viewer.mailbox.list({ ...t.ws, search: "checkout FAILS" });
    expect(bySubject.total).toBe(2);
    const percent = await viewer.mailbox.list({ ...t.ws, search: "%" });
    expect(percent.total).toBe(0);
    await expect(viewer.mailbox.list({ ...t.ws, search: "x".repeat(201) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("search: at most 200 characters"),
    });
  });

  it("never shows another workspace's emails, by list, id or cursor", async () => {
    const a = await teamWithIncident(env, people(3, "iso-a"));
    const b = await teamWithIncident(env, people(1, "iso-b"));
    await sendAndDeliver(env, a, "A's news");
    await sendAndDeliver(env, b, "B's news");
    const aViewer = await callerAs(env, a.users.viewer);
    const bAdmin = await callerAs(env, b.users.admin);
    const aPage = await aViewer.mailbox.list({ ...a.ws, limit: 1 });
    const bList = await bAdmin.mailbox.list(b.ws);
    expect(bList.rows.map((r) => r.to)).toEqual(["iso-b0@example.com"]);
    await expect(bAdmin.mailbox.get({ ...b.ws, emailId: aPage.rows[0].id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(bAdmin.mailbox.list(a.ws)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bAdmin.mailbox.list({ ...b.ws, cursor: aPage.nextCursor })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const stranger = await callerAs(env, await signUp(env.auth, { name: "Stranger" }));
    await expect(stranger.mailbox.list(a.ws)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(env, null).then((c) => c.mailbox.list(a.ws))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
