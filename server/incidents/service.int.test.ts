import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer, incidentActivity, incidentCustomer, issue } from "@/db/schema";
import { ingestEvents } from "@/server/ingest";
import {
  aggregateMismatches,
  makeEvent,
  RECENT_HOUR,
  workspaceWithKeys,
  workspaceWithThresholds,
} from "@/server/ingest/test-helpers";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { getIncident, incidentStatusPath } from "./queries";
import {
  addCustomers,
  attachIssue,
  createIncident,
  detachIssue,
  removeCustomers,
  updateIncident,
} from "./service";

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const at = (minute: number) => new Date(RECENT_HOUR + minute * 60_000).toISOString();

/** A workspace where nothing opens by itself, with two issues: A hits c1..c3, B hits c3..c4. */
async function setup() {
  const ws = await workspaceWithThresholds(env, 1000, 1000);
  const workspaceId = ws.workspace.id;
  const a = (c: string, m: number) =>
    makeEvent({ timestamp: at(m), error: { type: "A", message: "a" }, customer: { id: c } });
  const b = (c: string, m: number) =>
    makeEvent({ timestamp: at(m), error: { type: "B", message: "b" }, customer: { id: c } });
  await ingestEvents(env.db, workspaceId, [
    a("c1", 1),
    a("c2", 1),
    a("c3", 2),
    a("c1", 3),
    b("c3", 2),
    b("c4", 5),
  ]);
  const issues = await env.db.select().from(issue).where(eq(issue.workspaceId, workspaceId));
  const issueA = issues.find((i) => i.errorType === "A")!.id;
  const issueB = issues.find((i) => i.errorType === "B")!.id;
  const customers = await env.db
    .select()
    .from(customer)
    .where(eq(customer.workspaceId, workspaceId));
  const cid = (ext: string) => customers.find((c) => c.externalId === ext)!.id;
  return { ws, workspaceId, actorId: ws.owner.id, issueA, issueB, cid, a, b };
}

const affected = (incidentId: string) =>
  env.db
    .select({
      customerId: incidentCustomer.customerId,
      source: incidentCustomer.source,
      events: incidentCustomer.eventCount,
    })
    .from(incidentCustomer)
    .where(eq(incidentCustomer.incidentId, incidentId))
    .orderBy(asc(incidentCustomer.customerId));

async function externalIds(workspaceId: string) {
  const rows = await env.db.select().from(customer).where(eq(customer.workspaceId, workspaceId));
  return new Map(rows.map((c) => [c.id, c.externalId]));
}

const history = (incidentId: string) =>
  env.db
    .select({
      kind: incidentActivity.kind,
      from: incidentActivity.fromValue,
      to: incidentActivity.toValue,
      actor: incidentActivity.actorId,
    })
    .from(incidentActivity)
    .where(eq(incidentActivity.incidentId, incidentId))
    .orderBy(asc(incidentActivity.id));

describe("createIncident", () => {
  it("numbers incidents per workspace, also when created concurrently", async () => {
    const { workspaceId, actorId } = await setup();
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createIncident(env.db, { workspaceId, title: `Outage ${i}`, actorId }),
      ),
    );
    expect(made.map((m) => m.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    const other = await setup();
    const first = await createIncident(env.db, {
      workspaceId: other.workspaceId,
      title: "x",
      actorId: other.actorId,
    });
    expect(first.number).toBe(1);
    expect(await history(first.id)).toEqual([
      { kind: "opened", from: null, to: "investigating", actor: other.actorId },
    ]);
  });

  it("backfills the attached issues' customers and counts", async () => {
    const s = await setup();
    const inc = await createIncident(env.db, {
      ...s,
      title: "Checkout down",
      severity: "SEV1",
      issueIds: [s.issueA, s.issueB],
    });
    expect(inc).toMatchObject({
      severity: "SEV1",
      affectedCustomerCount: 4,
      eventCount: 6,
      openedBy: s.actorId,
    });
    expect(inc.startedAt.toISOString()).toBe(at(1));
    expect(await aggregateMismatches(env.db, s.workspaceId)).toEqual([]);
  });

  it("refuses issues of another workspace and empty titles", async () => {
    const s = await setup();
    const other = await setup();
    await expect(
      createIncident(env.db, { ...s, title: "x", issueIds: [other.issueA] }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      createIncident(env.db, { ...s, title: "x", issueIds: ["nope"] }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(createIncident(env.db, { ...s, title: "  " })).rejects.toMatchObject({
      code: "invalid",
    });
  });
});

describe("attachIssue / detachIssue", () => {
  it("merges an attached issue in, and rebuilds from the remaining issues on detach", async () => {
    const s = await setup();
    const inc = await createIncident(env.db, { ...s, title: "t", issueIds: [s.issueA] });
    expect(inc.affectedCustomerCount).toBe(3);
    await addCustomers(env.db, { ...s, incidentId: inc.id, customerIds: [s.cid("c4")] });

    const both = await attachIssue(env.db, { ...s, incidentId: inc.id, issueId: s.issueB });
    expect(both).toMatchObject({ affectedCustomerCount: 4, eventCount: 6 });
    expect(await aggregateMismatches(env.db, s.workspaceId)).toEqual([]);
    await expect(
      attachIssue(env.db, { ...s, incidentId: inc.id, issueId: s.issueB }),
    ).rejects.toMatchObject({ code: "conflict" });

    // New events of either issue keep flowing in.
    await ingestEvents(env.db, s.workspaceId, [s.a("c5", 9), s.b("c6", 9)]);
    expect(await aggregateMismatches(env.db, s.workspaceId)).toEqual([]);

    const onlyB = await detachIssue(env.db, { ...s, incidentId: inc.id, issueId: s.issueA });
    expect(onlyB).toMatchObject({ affectedCustomerCount: 3, eventCount: 3 });
    const byExternal = await externalIds(s.workspaceId);
    expect(
      (await affected(inc.id)).map((r) => ({ ...r, customerId: byExternal.get(r.customerId) })),
    ).toEqual([
      { customerId: "c3", source: "observed", events: 1 },
      { customerId: "c4", source: "manual", events: 1 },
      { customerId: "c6", source: "observed", events: 1 },
    ]);
    expect(await aggregateMismatches(env.db, s.workspaceId)).toEqual([]);
    await ingestEvents(env.db, s.workspaceId, [s.a("c7", 10)]);
    const withC7 = await externalIds(s.workspaceId);
    expect((await affected(inc.id)).map((r) => withC7.get(r.customerId))).not.toContain("c7");

    const kinds = (await history(inc.id)).map((h) => [h.kind, h.from, h.to]);
    expect(kinds).toEqual([
      ["opened", null, "investigating"],
      ["issue_attached", null, s.issueA],
      ["customer_added", null, "c4"],
      ["issue_attached", null, s.issueB],
      ["issue_detached", s.issueA, null],
    ]);
  });

  it("refuses incidents and issues of another workspace", async () => {
    const s = await setup();
    const other = await setup();
    const inc = await createIncident(env.db, { ...s, title: "t" });
    const foreign = await createIncident(env.db, { ...other, title: "t" });
    await expect(
      attachIssue(env.db, { ...s, incidentId: inc.id, issueId: other.issueA }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      attachIssue(env.db, { ...s, incidentId: foreign.id, issueId: s.issueA }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      detachIssue(env.db, { ...s, incidentId: inc.id, issueId: s.issueA }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      updateIncident(env.db, { ...s, incidentId: foreign.id, title: "mine" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      addCustomers(env.db, { ...s, incidentId: inc.id, customerIds: [other.cid("c1")] }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await history(foreign.id)).map((h) => h.kind)).toEqual(["opened"]);
  });
});

describe("updateIncident", () => {
  it("records each change with who, and resolving stops and reopening rebuilds the aggregates", async () => {
    const s = await setup();
    const inc = await createIncident(env.db, {
      ...s,
      title: "Slow checkout",
      issueIds: [s.issueA],
    });
    const other = await workspaceWithKeys(env);
    const commander = other.owner.id;

    await updateIncident(env.db, {
      ...s,
      incidentId: inc.id,
      title: "Checkout failing",
      severity: "SEV2",
    });
    const same = await updateIncident(env.db, {
      ...s,
      incidentId: inc.id,
      title: "Checkout failing",
      status: "investigating",
    });
    expect(same.updatedAt).toEqual(
      (await updateIncident(env.db, { ...s, incidentId: inc.id })).updatedAt,
    );
    await updateIncident(env.db, {
      ...s,
      actorId: commander,
      incidentId: inc.id,
      status: "identified",
    });
    const resolved = await updateIncident(env.db, { ...s, incidentId: inc.id, status: "resolved" });
    expect(resolved.resolvedAt).not.toBeNull();

    // While resolved the incident does not change, and no second incident opens for the issue.
    await ingestEvents(env.db, s.workspaceId, [s.a("c8", 20), s.a("c9", 21)]);
    const frozen = await updateIncident(env.db, { ...s, incidentId: inc.id });
    expect(frozen).toMatchObject({ affectedCustomerCount: 3, eventCount: 4 });

    const reopened = await updateIncident(env.db, {
      ...s,
      incidentId: inc.id,
      status: "monitoring",
    });
    expect(reopened.resolvedAt).toBeNull();
    expect(reopened).toMatchObject({
      status: "monitoring",
      affectedCustomerCount: 5,
      eventCount: 6,
    });
    expect(await aggregateMismatches(env.db, s.workspaceId)).toEqual([]);

    expect((await history(inc.id)).slice(2)).toEqual([
      { kind: "title", from: "Slow checkout", to: "Checkout failing", actor: s.actorId },
      { kind: "severity", from: "SEV3", to: "SEV2", actor: s.actorId },
      { kind: "status", from: "investigating", to: "identified", actor: commander },
      { kind: "status", from: "identified", to: "resolved", actor: s.actorId },
      { kind: "status", from: "resolved", to: "monitoring", actor: s.actorId },
    ]);
  });
});

describe("a status change's note and the path of statuses", () => {
  it("keeps the note on the status change, refuses one without a change, and knows skipped steps", async () => {
    const s = await setup();
    const inc = await createIncident(env.db, { ...s, title: "t", issueIds: [s.issueA] });
    expect(await incidentStatusPath(env.db, s.workspaceId, inc.id, "investigating")).toEqual([
      "investigating",
    ]);
    await updateIncident(env.db, {
      ...s,
      incidentId: inc.id,
      status: "resolved",
      note: "  Rolled back 5.2.0; errors stopped at 14:05.\n ",
    });
    const [change] = await env.db
      .select()
      .from(incidentActivity)
      .where(and(eq(incidentActivity.incidentId, inc.id), eq(incidentActivity.kind, "status")));
    expect(change).toMatchObject({
      fromValue: "investigating",
      toValue: "resolved",
      note: "Rolled back 5.2.0; errors stopped at 14:05.",
    });
    // Identified and monitoring were skipped: the path holds only the statuses it was in.
    expect(await incidentStatusPath(env.db, s.workspaceId, inc.id, "resolved")).toEqual([
      "investigating",
      "resolved",
    ]);
    const detail = await getIncident(env.db, s.workspaceId, inc.id);
    expect(detail.statusPath).toEqual(["investigating", "resolved"]);
    expect(detail.activity.find((a) => a.kind === "status")?.note).toBe(change.note);

    // A note goes with a change; anything else is refused and stores nothing.
    const before = await history(inc.id);
    for (const bad of [
      { note: "just a note" },
      { status: "resolved" as const, note: "already resolved" },
      { status: "monitoring" as const, note: "x".repeat(2001) },
      { status: "monitoring" as const, note: "nul \u0000 byte" },
    ]) {
      await expect(
        updateIncident(env.db, { ...s, incidentId: inc.id, ...bad }),
      ).rejects.toMatchObject({ code: "invalid" });
    }
    expect(await history(inc.id)).toEqual(before);
    expect((await getIncident(env.db, s.workspaceId, inc.id)).status).toBe("resolved");

    // Reopened and moved on: the path keeps every step, in order.
    await updateIncident(env.db, { ...s, incidentId: inc.id, status: "identified", note: "" });
    await updateIncident(env.db, { ...s, incidentId: inc.id, status: "monitoring" });
    expect(await incidentStatusPath(env.db, s.workspaceId, inc.id, "monitoring")).toEqual([
      "investigating",
      "resolved",
      "identified",
      "monitoring",
    ]);
  });
});

describe("addCustomers / removeCustomers", () => {
  it("adds by hand with who, and removes only what was added by hand", async () => {
    const s = await setup();
    const inc = await createIncident(env.db, { ...s, title: "t", issueIds: [s.issueB] });
    const added = await addCustomers(env.db, {
      ...s,
      incidentId: inc.id,
      customerIds: [s.cid("c1"), s.cid("c3")],
    });
    expect(added).toEqual({ added: 1, alreadyAffected: 1 });
    const [manual] = await env.db
      .select()
      .from(incidentCustomer)
      .where(and(eq(incidentCustomer.incidentId, inc.id), eq(incidentCustomer.source, "manual")));
    expect(manual).toMatchObject({
      customerId: s.cid("c1"),
      addedBy: s.actorId,
      incidentId: inc.id,
    });

    const removed = await removeCustomers(env.db, {
      ...s,
      incidentId: inc.id,
      customerIds: [s.cid("c1"), s.cid("c3")],
    });
    expect(removed).toEqual({ removed: 1, stillObserved: 1 });
    const after = await updateIncident(env.db, { ...s, incidentId: inc.id });
    expect(after.affectedCustomerCount).toBe(2);
    expect((await history(inc.id)).slice(-2).map((h) => [h.kind, h.from, h.to])).toEqual([
      ["customer_added", null, "c1"],
      ["customer_removed", "c1", null],
    ]);
  });
});
