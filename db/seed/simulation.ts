/**
 * The events `npm run simulate` streams, one batch per second: a new failure that starts
 * after a short quiet spell, ramps up over two minutes and hits one clear subgroup, over a
 * trickle of background noise. Pure: the caller passes the second number and the clock.
 */
import type { DemoCustomer } from "./generate";
import {
  NOISE_ERRORS,
  inSubgroup,
  noiseEvent,
  noisePools,
  requestAttributes,
  type DemoEvent,
  type Scenario,
} from "./events";
import { createRng, type Rng } from "./random";

export const SIMULATED_INCIDENT: Scenario = {
  key: "search",
  title: "Search times out on shard 7",
  service: "search",
  endpoint: "GET /v1/search",
  errorType: "TimeoutError",
  message: (rng) => `upstream shard-7 did not answer within ${rng.pick([5000, 5000, 10000])}ms`,
  subgroup: { cluster: "us-east-1c" },
  failingShare: 0.45,
  outsideShare: 0.002,
};

/** Seconds of noise only, so the incident visibly opens after the stream has started. */
export const QUIET_SECONDS = 15;
/** Seconds over which the failure spreads to all of its customers. */
export const RAMP_SECONDS = 120;
/** At most this many noise events per second on average, so noise issues stay below the thresholds. */
export const MAX_NOISE_PER_SECOND = 3;

export interface Simulation {
  /** The customers the failure will hit, each with the second it starts failing for them. */
  failing: { customer: DemoCustomer; onset: number }[];
  pools: DemoCustomer[][];
  rng: Rng;
  runId: string;
  sent: number;
}

export function createSimulation(
  customers: DemoCustomer[],
  opts: { runId: string; seed: string; scenario?: Scenario },
): Simulation {
  const scenario = opts.scenario ?? SIMULATED_INCIDENT;
  const rng = createRng(`simulate:${opts.runId}`);
  const failing = customers
    .filter((c) =>
      rng.chance(inSubgroup(c, scenario.subgroup) ? scenario.failingShare : scenario.outsideShare),
    )
    .map((customer) => ({ customer, onset: QUIET_SECONDS + rng.next() * RAMP_SECONDS }))
    .sort((a, b) => a.onset - b.onset);
  return { failing, pools: noisePools(customers, opts.seed), rng, runId: opts.runId, sent: 0 };
}

/**
 * Events name the customer with its name and attributes, so that a workspace that was not
 * seeded with the same customers still gets a directory the incident can be explained by.
 */
function customerOf(customer: DemoCustomer): DemoEvent["customer"] {
  return { id: customer.externalId, name: customer.name, attributes: customer.attributes };
}

/** How many of `expected` happen in one second (the fraction is a coin toss). */
function countOf(rng: Rng, expected: number): number {
  const whole = Math.floor(expected);
  return whole + (rng.chance(expected - whole) ? 1 : 0);
}

/**
 * The events of second `second` (0-based) at `rate` events per second, stamped `at`. Once
 * the failure has reached someone, most of the rate is their failing requests.
 */
export function simulationTick(
  sim: Simulation,
  second: number,
  rate: number,
  at: Date,
  scenario: Scenario = SIMULATED_INCIDENT,
): DemoEvent[] {
  const { rng } = sim;
  const events: DemoEvent[] = [];
  const nextId = () => `sim-${sim.runId}-${sim.sent++}`;
  const timestamp = at.toISOString();

  // Each failing customer fails at the same pace, so the failure rate grows as it spreads.
  let active = 0;
  while (active < sim.failing.length && sim.failing[active].onset <= second) active++;
  const failures = active ? countOf(rng, (rate * 0.9 * active) / sim.failing.length) : 0;
  for (let i = 0; i < failures; i++) {
    const { customer } = sim.failing[rng.int(0, active - 1)];
    events.push({
      id: nextId(),
      timestamp,
      service: scenario.service,
      error: { type: scenario.errorType, message: scenario.message(rng) },
      customer: customerOf(customer),
      attributes: requestAttributes(customer, scenario.endpoint),
    });
  }

  // Noise comes in uneven bursts around its mean, as real background errors do.
  const noiseMean = Math.min(MAX_NOISE_PER_SECOND, Math.max(rate - failures, 0) * 0.1 + 0.5);
  const noise = countOf(rng, noiseMean * 2 * rng.next());
  for (let i = 0; i < noise; i++) {
    const noiseIndex = rng.int(0, NOISE_ERRORS.length - 1);
    const pool = sim.pools[noiseIndex];
    if (!pool.length) continue;
    const customer = rng.pick(pool);
    const event = noiseEvent(rng, noiseIndex, customer, at, nextId());
    events.push({ ...event, customer: customerOf(customer) });
  }
  return events;
}
