import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import {
  contact,
  customer,
  incident,
  incidentActivity,
  incidentCustomer,
  invitation,
  mailboxEmail,
  member,
  message,
  statusUpdate,
  user,
} from "@/db/schema";
import { findApiKey } from "@/server/apikeys";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { DEMO_EMAIL, seedDemo, type DemoSeed } from "./index";

const now = new Date("2025-06-12T14:30:00.000Z");
const HOUR = 3_600_000;

describe("seedDemo", () => {
  let env: TestEnv;
  let seeded: DemoSeed;

  beforeAll(async () => {
    env = await createTestEnv();
    const result = await seedDemo(env.db, env.auth, { now });
    if (!result) throw new Error("a fresh database was not seeded");
    seeded = result;
  }, 180_000);
  afterAll(() => env.close());

  it("creates a demo user who can sign in with the returned password", async () => {
    expect(seeded.email).toBe(DEMO_EMAIL);
    const signedIn = await env.auth.api.signInEmail({
      body: { email: seeded.email, password: seeded.password },
    });
    expect(signedIn.user.email).toBe(DEMO_EMAIL);
    await expect(
      env.auth.api.signInEmail({ body: { email: seeded.email, password: "wrong-password" } }),
    ).rejects.toThrow();
  });

  it("returns an API key with every scope for the Acme Cloud workspace", async () => {
    const key = await findApiKey(env.db, seeded.apiKey);
    expect(key?.workspaceId).toBe(seeded.workspaceId);
    expect(key?.scopes).toEqual(["ingest", "notify", "read"]);
    expect(seeded.slug).toBe("acme");
  });

  it("gives the workspace a team with every role and a pending invitation", async () => {
    const members = await env.db
      .select({ email: user.email, role: member.role })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(eq(member.organizationId, seeded.workspaceId));
    expect(members.find((m) => m.email === DEMO_EMAIL)?.role).toBe("admin");
    expect(new Set(members.map((m) => m.role))).toEqual(
      new Set(["admin", "commander", "responder", "viewer"]),
    );
    const pending = await env.db
      .select()
      .from(invitation)
      .where(
        and(eq(invitation.organizationId, seeded.workspaceId), eq(invitation.status, "pending")),
      );
    expect(pending).toHaveLength(1);
  });

  it("fills the directory with 6,000 customers and their contacts", async () => {
    const [customers] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(customer)
      .where(eq(customer.workspaceId, seeded.workspaceId));
    const [contacts] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(contact)
      .where(eq(contact.workspaceId, seeded.workspaceId));
    expect(customers.n).toBe(6000);
    expect(contacts.n).toBeGreaterThan(6000);
  });

  it("opens the checkout incident by itself, hitting eu-west customers on 5.2.0", async () => {
    const incidents = await env.db
      .select()
      .from(incident)
      .where(eq(incident.workspaceId, seeded.workspaceId))
      .orderBy(asc(incident.number));
    expect(incidents.map((i) => i.status)).toEqual(["resolved", "investigating"]);
    const ongoing = incidents[1];
    expect(ongoing.openedBy).toBeNull();
    expect(ongoing.title).toBe("Card payments time out at checkout");
    expect(now.getTime() - ongoing.startedAt.getTime()).toBeLessThanOrEqual(45 * 60_000);
    expect(ongoing.affectedCustomerCount).toBeGreaterThan(50);

    const affected = await env.db
      .select({ attributes: customer.attributes })
      .from(incidentCustomer)
      .innerJoin(customer, eq(customer.id, incidentCustomer.customerId))
      .where(eq(incidentCustomer.incidentId, ongoing.id));
    expect(affected).toHaveLength(ongoing.affectedCustomerCount);
    const inSubgroup = affected.filter(
      (a) => a.attributes.region === "eu-west" && a.attributes.app_version === "5.2.0",
    );
    expect(inSubgroup.length / affected.length).toBeGreaterThan(0.8);
  });

  it("tells yesterday's incident as it happened: identified, monitoring, resolved", async () => {
    const [resolved] = await env.db
      .select()
      .from(incident)
      .where(and(eq(incident.workspaceId, seeded.workspaceId), eq(incident.number, 1)));
    expect(resolved.title).toBe("Android sync rejected for free workspaces");
    const resolvedHoursAgo = (now.getTime() - resolved.resolvedAt!.getTime()) / HOUR;
    expect(resolvedHoursAgo).toBeGreaterThan(20);
    expect(resolvedHoursAgo).toBeLessThan(26);

    const history = await env.db
      .select({
        kind: incidentActivity.kind,
        to: incidentActivity.toValue,
        at: incidentActivity.at,
      })
      .from(incidentActivity)
      .where(eq(incidentActivity.incidentId, resolved.id))
      .orderBy(asc(incidentActivity.at), asc(incidentActivity.id));
    const statuses = history.filter((h) => h.kind === "status" || h.kind === "opened");
    expect(statuses.map((h) => h.to)).toEqual([
      "investigating",
      "identified",
      "monitoring",
      "resolved",
    ]);
    expect(statuses.every((h) => h.at >= resolved.startedAt && h.at <= resolved.resolvedAt!)).toBe(
      true,
    );
  });

  it("told yesterday's customers at each step, the emails are in the mailbox, and nothing else was sent", async () => {
    const [resolved] = await env.db
      .select()
      .from(incident)
      .where(and(eq(incident.workspaceId, seeded.workspaceId), eq(incident.number, 1)));
    const updates = await env.db
      .select()
      .from(statusUpdate)
      .where(eq(statusUpdate.workspaceId, seeded.workspaceId))
      .orderBy(asc(statusUpdate.number));
    expect(updates.map((u) => [u.incidentId, u.status, u.state])).toEqual([
      [resolved.id, "investigating", "sent"],
      [resolved.id, "identified", "sent"],
      [resolved.id, "resolved", "sent"],
    ]);
    expect(updates[2].sentAt!.getTime()).toBe(resolved.resolvedAt!.getTime());
    expect(updates[0].recipientCount).toBeGreaterThan(0);
    // The resolution reaches everyone told before.
    expect(updates[2].recipientCount).toBeGreaterThanOrEqual(updates[0].recipientCount);
    const states = await env.db
      .select({ state: message.state, n: sql<number>`count(*)::int` })
      .from(message)
      .where(eq(message.workspaceId, seeded.workspaceId))
      .groupBy(message.state);
    const total = updates.reduce((n, u) => n + u.recipientCount, 0);
    expect(states.filter((s) => s.state === "queued" || s.state === "sending")).toEqual([]);
    const [{ n: inMailbox }] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailboxEmail)
      .where(eq(mailboxEmail.workspaceId, seeded.workspaceId));
    expect(inMailbox).toBe(total);
  });

  it("does nothing when the demo workspace already exists", async () => {
    const count = async () =>
      (await env.db.select({ n: sql<number>`count(*)::int` }).from(customer))[0].n +
      (await env.db.select({ n: sql<number>`count(*)::int` }).from(incident))[0].n;
    const before = await count();
    expect(await seedDemo(env.db, env.auth, { now: new Date() })).toBeNull();
    expect(await count()).toBe(before);
  });
});
