/**
 * explain() on small hand-made workspaces whose cause is known: the exact segments it must
 * return (granularity included — neither a parent nor a child of the cause), with figures
 * recounted by brute force from the rows.
 */
import { describe, expect, it } from "vitest";
import { explain, type ExplainRow } from "./index";
import { customers, expectRecounted, label } from "./test-support";

const REGIONS = ["us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"];
const PLANS = ["free", "pro", "team"];
const OS = ["ios", "android", "web"];

function expectFigures(rows: ExplainRow[], explanation: ReturnType<typeof explain>) {
  for (const segment of explanation.segments) {
    const r = expectRecounted(rows, segment);
    expect(segment.riskRatio).toBeCloseTo(r.failureRate / r.outsideRate, 9);
    expect(segment.confidence).toBeGreaterThan(0.9);
  }
}

describe("explain on hand-made causes", () => {
  it("finds a one-predicate cause and nothing else", () => {
    const rows = customers(
      4000,
      { region: REGIONS, plan: PLANS, os: OS },
      (a) => (a.region === "eu-west-1" ? 0.4 : 0.02),
      1,
    );
    const out = explain(rows);
    expect(out.verdict).toBe("segments");
    expect(out.segments.map(label)).toEqual(["region=eu-west-1"]);
    expect(out.segments[0].predicates).toEqual([{ attribute: "region", value: "eu-west-1" }]);
    expectFigures(rows, out);
    expect(out.failing).toBe(rows.reduce((s, r) => s + r.failing, 0));
    expect(out.total).toBe(4000);
    expect(out.coverage).toBeCloseTo(out.segments[0].support, 12);
  });

  it("finds a two-predicate cause whose parents are healthy outside it", () => {
    const rows = customers(
      6000,
      { region: REGIONS, plan: PLANS, os: OS },
      (a) => (a.region === "eu-west-1" && a.plan === "free" ? 0.5 : 0.02),
      2,
    );
    const out = explain(rows);
    // Sorted by attribute name: plan before region.
    expect(out.segments.map((s) => s.predicates)).toEqual([
      [
        { attribute: "plan", value: "free" },
        { attribute: "region", value: "eu-west-1" },
      ],
    ]);
    expectFigures(rows, out);
  });

  it("keeps a cause whole when a child holds most of it but fails alike", () => {
    // region=eu-west-1 fails throughout; "os=ios" inside it is most of it but not the cause.
    const rows = customers(
      6000,
      { region: REGIONS, os: ["ios", "ios", "ios", "android"] },
      (a) => (a.region === "eu-west-1" ? 0.4 : 0.02),
      3,
    );
    expect(explain(rows).segments.map(label)).toEqual(["region=eu-west-1"]);
  });

  it("finds two independent causes, the bigger first", () => {
    const rows = customers(
      8000,
      { region: REGIONS, plan: PLANS, os: OS },
      (a) =>
        a.region === "ap-south-1" ? 0.5 : a.os === "android" && a.plan === "team" ? 0.45 : 0.01,
      4,
    );
    const out = explain(rows);
    expect(out.segments.map(label)).toEqual(["region=ap-south-1", "os=android&plan=team"]);
    expectFigures(rows, out);
    expect(out.segments[0].failing).toBeGreaterThan(out.segments[1].failing);
    // The two overlap (android team customers in ap-south-1), so coverage is below the sum.
    const inEither = rows.filter(
      (r) =>
        r.attributes.region === "ap-south-1" ||
        (r.attributes.os === "android" && r.attributes.plan === "team"),
    );
    expect(out.coverage).toBeCloseTo(inEither.reduce((s, r) => s + r.failing, 0) / out.failing, 12);
  });

  it("finds two causes that share a predicate, not their shared parent", () => {
    const datacenter = ["dc-1", "dc-2", "dc-3", "dc-4", "dc-5", "dc-6"];
    const device = ["d-1", "d-2", "d-3", "d-4", "d-5", "d-6"];
    const rows = customers(
      20000,
      { beta: [true, false], datacenter, device, plan: PLANS },
      (a) => (a.beta === true && (a.datacenter === "dc-2" || a.device === "d-5") ? 0.5 : 0.01),
      10,
    );
    const out = explain(rows);
    expect(out.segments.map(label).sort()).toEqual([
      "beta=true&datacenter=dc-2",
      "beta=true&device=d-5",
    ]);
    expectFigures(rows, out);
  });

  it("treats a missing value — absent, null or undefined alike — as a value of its own", () => {
    const rows = customers(
      5000,
      { region: REGIONS, sdk: ["js", "ios", "android", null] },
      (a) => (a.sdk === null ? 0.35 : 0.02),
      5,
    );
    rows.forEach((row, i) => {
      if (row.attributes.sdk !== null) return;
      if (i % 3 === 1) delete row.attributes.sdk;
      if (i % 3 === 2) row.attributes.sdk = undefined;
    });
    const out = explain(rows);
    expect(out.segments.map((s) => s.predicates)).toEqual([
      [{ attribute: "sdk", value: "(missing)", match: { kind: "missing" } }],
    ]);
    expectFigures(rows, out);
  });

  it("finds a numeric range when no single value explains the failures", () => {
    // 96 seat counts, each too small to matter alone; accounts with 73 seats or more fail.
    const seats = Array.from({ length: 96 }, (_, i) => i + 1);
    const rows = customers(
      9600,
      { seats, plan: PLANS },
      (a) => ((a.seats as number) >= 73 ? 0.3 : 0.01),
      6,
    );
    const out = explain(rows);
    expect(out.segments.map((s) => s.predicates)).toEqual([
      [{ attribute: "seats", value: "≥ 73", match: { kind: "range", type: "number", min: "73" } }],
    ]);
    expectFigures(rows, out);
  });

  it("explains aggregated leaves (counts of sessions) the same way", () => {
    const rows: ExplainRow[] = [];
    for (const cdn of [1, 3, 5, 7]) {
      for (const bitrate of [500, 1200, 2000, 4000]) {
        for (const device of ["adr", "ios", "pc"]) {
          const total = 1000 + 37 * cdn + bitrate / 10;
          const rate = bitrate === 2000 && cdn === 3 ? 0.3 : 0.02;
          rows.push({
            attributes: { cdn, bitrate, device },
            total,
            failing: Math.round(total * rate),
          });
        }
      }
    }
    const out = explain(rows);
    expect(out.segments.map((s) => s.predicates)).toEqual([
      [
        { attribute: "bitrate", value: "2000" },
        { attribute: "cdn", value: "3" },
      ],
    ]);
    expectFigures(rows, out);
  });

  it('merges a value given as a number and as text (2000 and "2000")', () => {
    const rows = customers(
      3000,
      { bitrate: [500, 2000, "2000", 4000], os: OS },
      (a) => (String(a.bitrate) === "2000" ? 0.4 : 0.02),
      7,
    );
    const out = explain(rows);
    expect(out.segments.map(label)).toEqual(["bitrate=2000"]);
    expect(out.segments[0].total).toBe(
      rows.filter((r) => String(r.attributes.bitrate) === "2000").length,
    );
  });

  it("copes with an attribute of more distinct values than 16-bit codes hold (customer ids)", () => {
    const rows = customers(
      70_000,
      { region: REGIONS },
      (a) => (a.region === "sa-east-1" ? 0.3 : 0.01),
      9,
    );
    rows.forEach((row, i) => (row.attributes.customer = `cus_${i}`));
    const out = explain(rows);
    expect(out.segments.map(label)).toEqual(["region=sa-east-1"]);
    expectFigures(rows, out);
  });

  it("says no clear segment when nothing fails, everything fails, or there are no rows", () => {
    const healthy = customers(500, { region: REGIONS }, () => 0, 8);
    expect(explain(healthy)).toEqual({
      verdict: "no-clear-segment",
      segments: [],
      failing: 0,
      total: 500,
      coverage: 0,
    });
    const broken = healthy.map((r) => ({ ...r, failing: 1 }));
    expect(explain(broken).verdict).toBe("no-clear-segment");
    expect(explain([])).toEqual({
      verdict: "no-clear-segment",
      segments: [],
      failing: 0,
      total: 0,
      coverage: 0,
    });
  });
});
