import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { incidentActivity } from "@/db/schema";
import { ingestEvents } from "@/server/ingest";
import { getIncident, listIncidents, recentIssues } from "./queries";
import { seedCustomers, seedIncident, seedIssue } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const NOW = new Date("2026-03-02T12:00:30Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function workspace(name = "Acme") {
  const owner = await signUp(env.auth, { name: "Olivia Owner" });
  return { owner, ws: await createWorkspace(env.auth, owner, name) };
}

describe("listIncidents", () => {
  it("shows open and resolved incidents with affected customers and those seen in the last hour", async () => {
    const { ws } = await workspace();
    const ids = (
      await seedCustomers(
        env.db,
        ws.id,
        Array.from({ length: 10 }, () => ({})),
      )
    ).map((c) => c.id);
    const open = await seedIncident(env.db, ws.id, {
      title: "Checkout failing in eu-west",
      severity: "SEV1",
      startedAt: minutesAgo(180),
      // 4 customers seen in the last hour, 3 earlier, 1 added by hand and never seen.
      affected: [
        ...ids.slice(0, 4).map((customerId, i) => ({ customerId, lastSeenAt: minutesAgo(5 + i) })),
        ...ids.slice(4, 7).map((customerId) => ({ customerId, lastSeenAt: minutesAgo(90) })),
        { customerId: ids[7], source: "manual" as const, firstSeenAt: null, lastSeenAt: null },
      ],
    });
    const older = await seedIncident(env.db, ws.id, {
      status: "identified",
      startedAt: minutesAgo(600),
      affected: [{ customerId: ids[0], lastSeenAt: minutesAgo(30) }],
    });
    // The newest, but the least severe: listed after the more severe open ones.
    const minor = await seedIncident(env.db, ws.id, { severity: "SEV4", startedAt: minutesAgo(1) });
    const resolved = await seedIncident(env.db, ws.id, {
      status: "resolved",
      startedAt: minutesAgo(2000),
      resolvedAt: minutesAgo(1900),
      affected: ids.map((customerId) => ({ customerId, lastSeenAt: minutesAgo(1950) })),
    });
    // Another workspace's incident never shows.
    const other = await workspace("Other");
    await seedIncident(env.db, other.ws.id, { startedAt: minutesAgo(1) });

    const openList = await listIncidents(env.db, ws.id, { status: "open", now: NOW });
    expect(openList.map((i) => i.id)).toEqual([open.id, older.id, minor.id]);
    expect(openList[0]).toMatchObject({
      number: open.number,
      title: "Checkout failing in eu-west",
      severity: "SEV1",
      status: "investigating",
      affectedCustomers: 8,
      affectedLastHour: 4,
    });
    expect(openList[1]).toMatchObject({ affectedCustomers: 1, affectedLastHour: 1 });

    const resolvedList = await listIncidents(env.db, ws.id, { status: "resolved", now: NOW });
    expect(resolvedList).toHaveLength(1);
    expect(resolvedList[0]).toMatchObject({
      id: resolved.id,
      affectedCustomers: 10,
      affectedLastHour: 0,
      resolvedAt: minutesAgo(1900),
    });

    const all = await listIncidents(env.db, ws.id, { status: "all", now: NOW });
    expect(all.map((i) => i.id)).toEqual([open.id, older.id, minor.id, resolved.id]);
  });
});

describe("getIncident", () => {
  it("returns a per-minute series with zeros for quiet minutes, by id or by number", async () => {
    const { ws } = await workspace();
    const inc = await seedIncident(env.db, ws.id, {
      startedAt: minutesAgo(10),
      minutes: [
        { minute: minutesAgo(9), events: 5 },
        { minute: minutesAgo(3), events: 12 },
        { minute: minutesAgo(0), events: 2 },
      ],
    });
    const detail = await getIncident(env.db, ws.id, inc.id, { now: NOW });
    // 11:50 … 12:00 — the start minute through the current minute.
    expect(detail.series).toHaveLength(11);
    expect(detail.series[0].minute.toISOString()).toBe("2026-03-02T11:50:00.000Z");
    expect(detail.series.at(-1)!.minute.toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(detail.series.map((p) => p.events)).toEqual([0, 5, 0, 0, 0, 0, 0, 12, 0, 0, 2]);
    expect(detail.eventCount).toBe(19);

    const byNumber = await getIncident(env.db, ws.id, `INC-${inc.number}`, { now: NOW });
    expect(byNumber.id).toBe(inc.id);
    expect((await getIncident(env.db, ws.id, String(inc.number), { now: NOW })).id).toBe(inc.id);

    const lastFive = await getIncident(env.db, ws.id, inc.id, { now: NOW, minutes: 5 });
    expect(lastFive.series.map((p) => p.events)).toEqual([0, 12, 0, 0, 2]);
  });

  it("ends a resolved incident's series when it went quiet and caps it at a day", async () => {
    const { ws } = await workspace();
    const resolved = await seedIncident(env.db, ws.id, {
      status: "resolved",
      startedAt: minutesAgo(120),
      resolvedAt: minutesAgo(100),
      minutes: [{ minute: minutesAgo(110), events: 7 }],
    });
    const series = (await getIncident(env.db, ws.id, resolved.id, { now: NOW })).series;
    expect(series).toHaveLength(21);
    expect(series.at(-1)!.minute).toEqual(new Date("2026-03-02T10:20:00Z"));
    expect(series.reduce((s, p) => s + p.events, 0)).toBe(7);

    const long = await seedIncident(env.db, ws.id, { startedAt: minutesAgo(3 * 1440) });
    const longSeries = (await getIncident(env.db, ws.id, long.id, { now: NOW })).series;
    expect(longSeries).toHaveLength(1440);
  });

  it("lists the activity with who did it, and the attached issues", async () => {
    const { ws, owner } = await workspace();
    const inc = await seedIncident(env.db, ws.id, {
      activity: [
        { kind: "opened", toValue: "investigating", actorId: null, at: minutesAgo(30) },
        {
          kind: "status",
          fromValue: "investigating",
          toValue: "identified",
          actorId: owner.id,
          at: minutesAgo(10),
        },
      ],
    });
    const issue = await seedIssue(env.db, ws.id, {
      service: "payments",
      errorType: "GatewayTimeout",
      attachTo: { incidentId: inc.id, attachedBy: owner.id },
    });
    // Another incident's activity stays out.
    await seedIncident(env.db, ws.id, { activity: [{ kind: "opened", toValue: "investigating" }] });
    const detail = await getIncident(env.db, ws.id, inc.id, { now: NOW });
    expect(detail.activity.map((a) => [a.kind, a.toValue, a.actorName])).toEqual([
      ["status", "identified", "Olivia Owner"],
      ["opened", "investigating", null],
    ]);
    // An attach names its issue, and still does once the issue is detached.
    const [detached] = await env.db
      .insert(incidentActivity)
      .values({
        workspaceId: ws.id,
        incidentId: inc.id,
        kind: "issue_detached",
        fromValue: issue.id,
        actorId: owner.id,
      })
      .returning();
    const withDetach = await getIncident(env.db, ws.id, inc.id, { now: NOW });
    expect(withDetach.activity.find((a) => a.id === detached.id)).toMatchObject({
      issueLabel: "GatewayTimeout in payments",
      actorName: "Olivia Owner",
    });
    expect(detail.issues).toHaveLength(1);
    expect(detail.issues[0]).toMatchObject({
      id: issue.id,
      service: "payments",
      errorType: "GatewayTimeout",
      attachedByName: "Olivia Owner",
    });
  });

  it("does not find another workspace's incident, by id or by number", async () => {
    const a = await workspace();
    const b = await workspace();
    const inB = await seedIncident(env.db, b.ws.id, {});
    await expect(getIncident(env.db, a.ws.id, inB.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getIncident(env.db, a.ws.id, "INC-1")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getIncident(env.db, a.ws.id, "not-an-id")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("incidents from ingested events", () => {
  it("reads what ingest wrote: the auto-opened incident, its customers, its minutes", async () => {
    const { ws } = await workspace();
    const now = new Date();
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: `evt-${i}`,
      timestamp: new Date(now.getTime() - (i % 3) * 60_000).toISOString(),
      service: "checkout",
      error: { type: "PaymentError", message: `card ${1000 + i} declined` },
      customer: { id: `cus_${i}`, attributes: { region: i % 2 ? "eu-west" : "us-east" } },
    }));
    const result = await ingestEvents(env.db, ws.id, events);
    expect(result.accepted).toBe(30);

    const [inc] = await listIncidents(env.db, ws.id, { status: "open" });
    expect(inc).toMatchObject({
      status: "investigating",
      affectedCustomers: 30,
      affectedLastHour: 30,
      eventCount: 30,
    });
    const detail = await getIncident(env.db, ws.id, inc.id);
    expect(detail.series.reduce((s, p) => s + p.events, 0)).toBe(30);
    expect(detail.series.filter((p) => p.events > 0).map((p) => p.events)).toEqual([10, 10, 10]);
    expect(detail.issues.map((i) => i.service)).toEqual(["checkout"]);

    const issues = await recentIssues(env.db, ws.id, { search: "payment" });
    expect(issues).toHaveLength(1);
    expect(issues[0].incidents).toEqual([
      { id: inc.id, number: inc.number, status: "investigating" },
    ]);
    expect(await recentIssues(env.db, ws.id, { search: "no such thing" })).toEqual([]);
  });
});
