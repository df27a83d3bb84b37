/**
 * The affected segments of a real incident: events from one segment arrive through ingest,
 * and the analysis names that segment first, with counts that match the directory, against
 * the baseline it says it used; it is recomputed when the affected count changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCustomers } from "@/server/customers";
import { ingestEvents } from "@/server/ingest";
import { makeEvent, workspaceWithThresholds } from "@/server/ingest/test-helpers";
import {
  callerAs,
  createTestEnv,
  signUp,
  createWorkspace,
  type TestEnv,
} from "@/server/testing/fixtures";
import { listIncidents } from "./queries";
import { readSegmentAnalysis } from "./segment-analysis";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const REGIONS = ["us-east", "us-west", "eu-west", "ap-south"];
const VERSIONS = ["5.1.0", "5.2.0", "5.3.0"];
const PLANS = ["free", "pro", "enterprise"];
const attributesOf = (i: number) => ({
  region: REGIONS[i % 4],
  app_version: VERSIONS[Math.floor(i / 4) % 3],
  plan: PLANS[Math.floor(i / 12) % 3],
});
const N = 1200;
const inSegment = (i: number) => i % 4 === 2 && Math.floor(i / 4) % 3 === 1; // eu-west & 5.2.0

async function directory(workspaceId: string, seen: (i: number) => boolean) {
  const customers = Array.from({ length: N }, (_, i) => ({
    externalId: `cus-${i}`,
    attributes: attributesOf(i),
    contacts: [],
    seenAt: seen(i) ? new Date() : undefined,
  }));
  await env.db.transaction((tx) => writeCustomers(tx, workspaceId, customers));
}

/** Error events, now, for the customers `ids` (one each). */
const hit = (ids: number[]) =>
  ids.map((i) =>
    makeEvent({
      timestamp: new Date().toISOString(),
      service: "checkout",
      error: { type: "PaymentTimeout", message: "upstream did not answer" },
      customer: { id: `cus-${i}` },
    }),
  );

const segmentIds = Array.from({ length: N }, (_, i) => i).filter(inSegment); // 100 customers
const noise = [3, 17, 40, 101, 555, 777]; // outside the segment

describe("segment analysis of an incident", () => {
  it("names the hit segment first, against the whole directory when activity is unknown", async () => {
    const ws = await workspaceWithThresholds(env, 10, 100_000);
    const workspaceId = ws.workspace.id;
    await directory(workspaceId, () => false);
    await ingestEvents(env.db, workspaceId, hit([...segmentIds.slice(0, 60), ...noise]));
    const [inc] = await listIncidents(env.db, workspaceId, { status: "open", limit: 10 });
    expect(inc.affectedCustomers).toBe(66);

    const read = await readSegmentAnalysis(env.db, workspaceId, inc.id, { waitMs: Infinity });
    expect(read.status).toBe("ready");
    const a = read.analysis!;
    expect(a.baseline).toMatchObject({ kind: "directory", customers: N, directoryCustomers: N });
    expect(a.explanation.verdict).toBe("segments");
    const [first] = a.explanation.segments;
    expect(first.predicates.map((p) => `${p.attribute}=${p.value}`).sort()).toEqual([
      "app_version=5.2.0",
      "region=eu-west",
    ]);
    expect(first).toMatchObject({ failing: 60, total: segmentIds.length });
    expect(first.support).toBeCloseTo(60 / 66);
    expect(first.outsideRate).toBeCloseTo(6 / (N - segmentIds.length));

    // Unchanged incident: the cached analysis. More affected customers: a new one, once the
    // debounce interval has passed — or at once on demand.
    const again = await readSegmentAnalysis(env.db, workspaceId, inc.id);
    expect(again.analysis!.computedAt).toEqual(a.computedAt);
    await ingestEvents(env.db, workspaceId, hit(segmentIds.slice(60, 90)));
    const forced = await readSegmentAnalysis(env.db, workspaceId, inc.id, { force: true });
    expect(forced).toMatchObject({ status: "ready", refreshing: true });
    let latest = forced;
    for (let i = 0; i < 100 && latest.refreshing; i++) {
      await new Promise((r) => setTimeout(r, 50));
      latest = await readSegmentAnalysis(env.db, workspaceId, inc.id);
    }
    expect(latest.analysis!.explanation.segments[0]).toMatchObject({ failing: 90 });
  });

  it("compares with the customers active in the window when activity is known", async () => {
    const ws = await workspaceWithThresholds(env, 10, 100_000);
    const workspaceId = ws.workspace.id;
    // Half of the directory was seen lately, the segment's customers among them.
    await directory(workspaceId, (i) => i % 2 === 0 || inSegment(i));
    await ingestEvents(env.db, workspaceId, hit(segmentIds.slice(0, 50)));
    const [inc] = await listIncidents(env.db, workspaceId, { status: "open", limit: 10 });
    const read = await readSegmentAnalysis(env.db, workspaceId, inc.id, { waitMs: Infinity });
    const active = Array.from({ length: N }, (_, i) => i).filter(
      (i) => i % 2 === 0 || inSegment(i),
    ).length;
    expect(read.analysis!.baseline).toMatchObject({ kind: "active", customers: active });
    expect(read.analysis!.explanation.segments[0]).toMatchObject({ failing: 50 });
  });

  it("keeps the directory when every customer seen was seen through an error", async () => {
    const ws = await workspaceWithThresholds(env, 10, 100_000);
    const workspaceId = ws.workspace.id;
    await directory(workspaceId, () => false);
    // 300 customers hit by another, smaller error: seen lately, but only through errors.
    const other = Array.from({ length: N }, (_, i) => i)
      .filter((i) => !inSegment(i))
      .slice(0, 300)
      .map((i) =>
        makeEvent({
          timestamp: new Date().toISOString(),
          service: "search",
          error: { type: "SlowQuery", message: "took too long" },
          customer: { id: `cus-${i}` },
        }),
      );
    await ingestEvents(env.db, workspaceId, other);
    await ingestEvents(env.db, workspaceId, hit(segmentIds.slice(0, 50)));
    const incidents = await listIncidents(env.db, workspaceId, { status: "open", limit: 10 });
    const inc = incidents.find((i) => i.title.includes("PaymentTimeout"))!;
    const read = await readSegmentAnalysis(env.db, workspaceId, inc.id, { waitMs: Infinity });
    expect(read.analysis!.baseline).toMatchObject({ kind: "directory", customers: N });
    expect(read.analysis!.baseline.activeCustomers).toBe(350);
  });

  it("answers nothing of another workspace's incident through tRPC", async () => {
    const ws = await workspaceWithThresholds(env, 10, 100_000);
    await directory(ws.workspace.id, () => false);
    await ingestEvents(env.db, ws.workspace.id, hit(segmentIds.slice(0, 20)));
    const [inc] = await listIncidents(env.db, ws.workspace.id, { status: "open", limit: 10 });

    const own = await callerAs(env, ws.owner);
    const read = await own.incidents.segments({ workspace: ws.workspace.slug, incidentId: inc.id });
    expect(read.status === "computing" || read.analysis!.incidentId === inc.id).toBe(true);

    const stranger = await signUp(env.auth);
    const theirs = await createWorkspace(env.auth, stranger);
    const caller = await callerAs(env, stranger);
    await expect(
      caller.incidents.segments({ workspace: theirs.slug, incidentId: inc.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      caller.incidents.segments({ workspace: ws.workspace.slug, incidentId: inc.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
