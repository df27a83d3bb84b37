import { describe, expect, it } from "vitest";
import { DEMO_SEED, generateCustomers } from "./generate";
import { generateDemoEvents, type DemoEvent } from "./events";
import {
  QUIET_SECONDS,
  RAMP_SECONDS,
  SIMULATED_INCIDENT,
  createSimulation,
  simulationTick,
} from "./simulation";

const customers = generateCustomers();
const byId = new Map(customers.map((c) => [c.externalId, c]));
const start = new Date("2025-06-12T15:00:00.000Z");

function run(runId: string, seconds: number, rate: number): DemoEvent[][] {
  const sim = createSimulation(customers, { runId, seed: DEMO_SEED });
  return Array.from({ length: seconds }, (_, s) =>
    simulationTick(sim, s, rate, new Date(start.getTime() + s * 1000)),
  );
}

const isFailure = (e: DemoEvent) => e.error.type === SIMULATED_INCIDENT.errorType;

describe("the simulated incident", () => {
  const ticks = run("r1", 600, 50);
  const all = ticks.flat();

  it("is quiet at first, then ramps up to most of the rate", () => {
    expect(ticks.slice(0, QUIET_SECONDS).flat().filter(isFailure)).toHaveLength(0);
    const early = ticks
      .slice(QUIET_SECONDS, QUIET_SECONDS + 20)
      .flat()
      .filter(isFailure).length;
    const full = ticks.slice(QUIET_SECONDS + RAMP_SECONDS, QUIET_SECONDS + RAMP_SECONDS + 20);
    const fullFailures = full.flat().filter(isFailure).length;
    expect(fullFailures).toBeGreaterThan(early * 3);
    expect(fullFailures / 20).toBeGreaterThan(40);
    expect(fullFailures / 20).toBeLessThan(50);
  });

  it("hits ~45% of cluster us-east-1c and almost nobody else", () => {
    const failing = new Set(all.filter(isFailure).map((e) => e.customer.id));
    const cluster = customers.filter((c) => c.attributes.cluster === "us-east-1c");
    const hitInCluster = cluster.filter((c) => failing.has(c.externalId)).length;
    expect(hitInCluster / cluster.length).toBeGreaterThan(0.35);
    expect(hitInCluster / cluster.length).toBeLessThan(0.55);
    const outside = [...failing].filter((id) => byId.get(id)!.attributes.cluster !== "us-east-1c");
    expect(outside.length / failing.size).toBeLessThan(0.1);
    expect(all.filter(isFailure).every((e) => e.service === "search")).toBe(true);
  });

  it("names customers the demo seeded, with their attributes, under fresh event ids", () => {
    for (const e of all) {
      const c = byId.get(e.customer.id);
      expect(c).toBeDefined();
      expect(e.customer.attributes).toEqual(c!.attributes);
    }
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const other = run("r2", 30, 50).flat();
    expect(other.some((e) => all.some((a) => a.id === e.id))).toBe(false);
  });

  it("sends noise only to the seed's noise customers, so noise never opens an incident", () => {
    const seedNoise = generateDemoEvents(customers, start, DEMO_SEED).noise;
    const seedPools = new Map<string, Set<string>>();
    for (const e of seedNoise) {
      const key = `${e.service}:${e.error.type}`;
      if (!seedPools.has(key)) seedPools.set(key, new Set());
      seedPools.get(key)!.add(e.customer.id);
    }
    const noise = run("r3", 600, 400)
      .flat()
      .filter((e) => !isFailure(e));
    expect(noise.length).toBeGreaterThan(300);
    for (const e of noise) {
      expect(seedPools.get(`${e.service}:${e.error.type}`)?.has(e.customer.id)).toBe(true);
    }
  });

  it("is the same stream for the same run id", () => {
    expect(run("r1", 60, 50)).toEqual(ticks.slice(0, 60));
  });
});
