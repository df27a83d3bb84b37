/**
 * The suppressions router as the Settings → Suppressions tab uses it: every member reads the
 * list (bounces, complaints, unsubscribes and manual entries, who added them), only admins add
 * and remove, an unsubscribe is never removed by an admin, removal lets the next send reach
 * the address again, and no workspace sees or touches another's list.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxEmail, message, suppression } from "@/db/schema";
import { suppress } from "@/server/messaging/updates-testing";
import { callerAs, createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { sendAndDeliver, teamWithIncident } from "./messaging-views-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const team = () => teamWithIncident(env, []);

describe("suppressions router", () => {
  it("lists every kind of entry with its reason, detail and who added it; admins add by hand", async () => {
    const t = await team();
    await suppress(env.db, t.workspace.id, "gone@example.com", "bounced");
    await suppress(env.db, t.workspace.id, "bye@example.com", "unsubscribed");
    const admin = await callerAs(env, t.users.admin);
    const added = await admin.suppressions.add({
      ...t.ws,
      address: "  Legal.Hold@Example.com ",
      note: "Asked by legal",
    });
    expect(added).toMatchObject({
      email: "legal.hold@example.com",
      reason: "manual",
      detail: "Asked by legal",
      createdBy: { id: t.users.admin.id, name: "Ada Admin" },
      removable: true,
    });

    const viewer = await callerAs(env, t.users.viewer);
    const list = await viewer.suppressions.list(t.ws);
    expect(list.total).toBe(3);
    expect(list.canManage).toBe(false);
    expect(list.rows[0].email).toBe("legal.hold@example.com");
    const byEmail = Object.fromEntries(list.rows.map((r) => [r.email, r]));
    expect(byEmail["gone@example.com"]).toMatchObject({ reason: "bounced", removable: true });
    expect(byEmail["bye@example.com"]).toMatchObject({
      reason: "unsubscribed",
      removable: false,
      createdBy: null,
    });
    expect((await admin.suppressions.list(t.ws)).canManage).toBe(true);
  });

  it("refuses a bad address with a clear message, and an address already on the list", async () => {
    const t = await team();
    const admin = await callerAs(env, t.users.admin);
    await expect(
      admin.suppressions.add({ ...t.ws, address: "not an email" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("enter a valid email address"),
    });
    await expect(
      admin.suppressions.add({ ...t.ws, address: "a@example.com", note: "x".repeat(501) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("note") });
    await suppress(env.db, t.workspace.id, "bye@example.com", "unsubscribed");
    await expect(
      admin.suppressions.add({ ...t.ws, address: "BYE@example.com" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "bye@example.com is already on the suppression list: its recipient unsubscribed.",
    });
    expect((await admin.suppressions.list(t.ws)).total).toBe(1);
  });

  it("lets only admins add and remove", async () => {
    const t = await team();
    await suppress(env.db, t.workspace.id, "gone@example.com", "bounced");
    for (const role of ["viewer", "responder", "commander"] as const) {
      const caller = await callerAs(env, t.users[role]);
      await expect(
        caller.suppressions.add({ ...t.ws, address: `${role}@example.com` }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.suppressions.remove({ ...t.ws, address: "gone@example.com" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const list = await (await callerAs(env, t.users.viewer)).suppressions.list(t.ws);
    expect(list.rows.map((r) => r.email)).toEqual(["gone@example.com"]);
  });

  it("never removes an unsubscribe, and says so; an address not on the list is not found", async () => {
    const t = await team();
    await suppress(env.db, t.workspace.id, "bye@example.com", "unsubscribed");
    const admin = await callerAs(env, t.users.admin);
    await expect(
      admin.suppressions.remove({ ...t.ws, address: "bye@example.com" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("only its owner can re-subscribe"),
    });
    await expect(
      admin.suppressions.remove({ ...t.ws, address: "nobody@example.com" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await admin.suppressions.list(t.ws)).total).toBe(1);
  });

  it("pages newest first and searches by address", async () => {
    const t = await team();
    const admin = await callerAs(env, t.users.admin);
    for (let i = 0; i < 5; i++) {
      await admin.suppressions.add({ ...t.ws, address: `user${i}@example.com` });
    }
    await admin.suppressions.add({ ...t.ws, address: "ops@other.test" });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof admin.suppressions.list>> =
        await admin.suppressions.list({ ...t.ws, limit: 4, cursor });
      seen.push(...page.rows.map((r) => r.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      "ops@other.test",
      "user4@example.com",
      "user3@example.com",
      "user2@example.com",
      "user1@example.com",
      "user0@example.com",
    ]);
    const found = await admin.suppressions.list({ ...t.ws, search: "USER", limit: 2 });
    expect(found.total).toBe(5);
    expect(found.rows.map((r) => r.email)).toEqual(["user4@example.com", "user3@example.com"]);
    const rest = await admin.suppressions.list({
      ...t.ws,
      search: "USER",
      cursor: found.nextCursor,
    });
    expect(rest.rows).toHaveLength(3);
    await expect(
      admin.suppressions.list({ ...t.ws, search: "other", cursor: found.nextCursor }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps each workspace's list to itself", async () => {
    const a = await team();
    const b = await team();
    await suppress(env.db, a.workspace.id, "a-only@example.com", "complained");
    const bAdmin = await callerAs(env, b.users.admin);
    expect((await bAdmin.suppressions.list(b.ws)).rows).toEqual([]);
    await expect(
      bAdmin.suppressions.remove({ ...b.ws, address: "a-only@example.com" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      bAdmin.suppressions.remove({ ...a.ws, address: "a-only@example.com" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bAdmin.suppressions.list(a.ws)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // B may suppress the same address for itself; A's entry stays as it was.
    await bAdmin.suppressions.add({ ...b.ws, address: "a-only@example.com" });
    const aRows = await env.db
      .select()
      .from(suppression)
      .where(eq(suppression.workspaceId, a.workspace.id));
    expect(aRows).toMatchObject([{ email: "a-only@example.com", reason: "complained" }]);
  });

  it("keeps a suppressed address out of a send, and removal lets the next send reach it", async () => {
    const t = await teamWithIncident(env, [
      { emails: ["kept@example.com"] },
      { emails: ["blocked@example.com"] },
    ]);
    const admin = await callerAs(env, t.users.admin);
    await admin.suppressions.add({ ...t.ws, address: "blocked@example.com", note: "Test" });
    await sendAndDeliver(env, t, "First news");
    const inbox = async () =>
      (
        await env.db
          .select({ to: mailboxEmail.to })
          .from(mailboxEmail)
          .where(
            and(
              eq(mailboxEmail.workspaceId, t.workspace.id),
              eq(mailboxEmail.to, "blocked@example.com"),
            ),
          )
      ).length;
    expect(await inbox()).toBe(0);
    expect((await admin.mailbox.list(t.ws)).rows.map((r) => r.to)).toEqual(["kept@example.com"]);

    expect(await admin.suppressions.remove({ ...t.ws, address: "Blocked@Example.com" })).toEqual({
      email: "blocked@example.com",
      reason: "manual",
    });
    await sendAndDeliver(env, t, "Second news");
    expect(await inbox()).toBe(1);
    const sent = await env.db
      .select({ state: message.state })
      .from(message)
      .where(
        and(eq(message.workspaceId, t.workspace.id), eq(message.email, "blocked@example.com")),
      );
    expect(sent).toEqual([{ state: "sent" }]);
  });
});
