import { describe, expect, it } from "vitest";
import { DEMO_CUSTOMER_COUNT, REGIONS, generateCustomers, type DemoCustomer } from "./generate";
import { LOCALES } from "./names";
import {
  NOISE_ERRORS,
  ONGOING_INCIDENT,
  RESOLVED_INCIDENT,
  generateDemoEvents,
  inSubgroup,
  type DemoEvent,
} from "./events";

const customers = generateCustomers();
const now = new Date("2025-06-12T14:30:00.000Z");
const events = generateDemoEvents(customers, now, "test");
const byId = new Map(customers.map((c) => [c.externalId, c]));

function failingIds(list: DemoEvent[]): Set<string> {
  return new Set(list.map((e) => e.customer.id));
}

/** Share of the customers matching `where` that appear in `failing`. */
function failureRate(failing: Set<string>, where: (c: DemoCustomer) => boolean) {
  const group = customers.filter(where);
  return group.filter((c) => failing.has(c.externalId)).length / group.length;
}

describe("generateCustomers", () => {
  it("gives the same customers for the same seed, and others for another seed", () => {
    expect(generateCustomers()).toEqual(customers);
    const other = generateCustomers("another-seed", 100);
    expect(other.map((c) => c.externalId)).not.toEqual(
      customers.slice(0, 100).map((c) => c.externalId),
    );
    // A smaller count is a prefix of the larger one: ids do not depend on the count.
    expect(generateCustomers(undefined, 50)).toEqual(customers.slice(0, 50));
  });

  it("makes 6,000 customers with unique ids, names and contact emails on their own domain", () => {
    expect(customers).toHaveLength(DEMO_CUSTOMER_COUNT);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    expect(new Set(customers.map((c) => c.name)).size).toBe(customers.length);
    for (const c of customers) {
      expect(c.contacts.length).toBeGreaterThanOrEqual(1);
      expect(c.contacts.length).toBeLessThanOrEqual(3);
      const domains = new Set(c.contacts.map((k) => k.email.split("@")[1]));
      expect(domains.size).toBe(1);
      for (const k of c.contacts) expect(k.email).toMatch(/^[a-z0-9.]+@[a-z0-9]+\.[a-z.]+$/);
    }
  });

  it("correlates cluster and locale with region, and app_version or browser with platform", () => {
    for (const c of customers) {
      const a = c.attributes;
      expect(Object.keys(REGIONS[a.region].clusters)).toContain(a.cluster);
      for (const k of c.contacts) {
        const sameRegion = Object.keys(REGIONS[a.region].locales).includes(k.locale);
        expect(sameRegion || k.locale === "en-US" || k.locale === "en-GB").toBe(true);
      }
      const countries = Object.keys(REGIONS[a.region].locales).map((l) => LOCALES[l].country);
      expect(countries).toContain(a.country);
      if (a.platform === "web") {
        expect(a.browser).toBeTruthy();
        expect(a.app_version).toBeUndefined();
      } else {
        expect(a.app_version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(a.browser).toBeUndefined();
      }
    }
  });

  it("skews plans towards free and gives bigger plans more seats", () => {
    const count = (plan: string) => customers.filter((c) => c.attributes.plan === plan).length;
    expect(count("free")).toBeGreaterThan(count("pro"));
    expect(count("pro")).toBeGreaterThan(count("business"));
    expect(count("business")).toBeGreaterThan(count("enterprise"));
    expect(count("enterprise")).toBeGreaterThan(100);
    const medianSeats = (plan: string) => {
      const seats = customers
        .filter((c) => c.attributes.plan === plan)
        .map((c) => c.attributes.seats)
        .sort((a, b) => a - b);
      return seats[Math.floor(seats.length / 2)];
    };
    expect(medianSeats("enterprise")).toBeGreaterThan(medianSeats("business"));
    expect(medianSeats("business")).toBeGreaterThan(medianSeats("pro"));
    expect(medianSeats("pro")).toBeGreaterThan(medianSeats("free"));
  });
});

describe("generateDemoEvents", () => {
  it("is deterministic for the same customers, clock and seed", () => {
    expect(generateDemoEvents(customers, now, "test")).toEqual(events);
    const all = [...events.resolved, ...events.ongoing, ...events.noise];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it("fails ~40% of eu-west customers on 5.2.0 at checkout, and almost nobody else", () => {
    const failing = failingIds(events.ongoing);
    const subgroup = (c: DemoCustomer) => inSubgroup(c, ONGOING_INCIDENT.subgroup);
    const inside = failureRate(failing, subgroup);
    expect(inside).toBeGreaterThan(0.3);
    expect(inside).toBeLessThan(0.5);
    expect(failureRate(failing, (c) => !subgroup(c))).toBeLessThan(0.01);
    // Neither predicate alone explains it: eu-west on other versions and 5.2.0 elsewhere are fine.
    const euWest = (c: DemoCustomer) => c.attributes.region === "eu-west";
    const v520 = (c: DemoCustomer) => c.attributes.app_version === "5.2.0";
    expect(failureRate(failing, (c) => euWest(c) && !v520(c))).toBeLessThan(0.01);
    expect(failureRate(failing, (c) => v520(c) && !euWest(c))).toBeLessThan(0.01);
    const hitInside = [...failing].filter((id) => subgroup(byId.get(id)!)).length;
    expect(hitInside / failing.size).toBeGreaterThan(0.8);
    expect(failing.size).toBeGreaterThan(50);
    expect(events.ongoing.every((e) => e.service === "checkout")).toBe(true);
    expect(events.ongoing[0].error).toEqual({
      type: "PaymentDeclinedError",
      message: "card authorization timed out after 30000ms",
    });
  });

  it("ramps the ongoing incident up over the last 45 minutes", () => {
    const minutesAgo = (e: DemoEvent) => (now.getTime() - Date.parse(e.timestamp)) / 60_000;
    expect(events.ongoing.every((e) => minutesAgo(e) >= 0 && minutesAgo(e) <= 45)).toBe(true);
    const first10 = events.ongoing.filter((e) => minutesAgo(e) > 35).length;
    const last10 = events.ongoing.filter((e) => minutesAgo(e) <= 10).length;
    expect(last10).toBeGreaterThan(first10 * 3);
  });

  it("puts yesterday's incident on free Android customers, over and done a day ago", () => {
    const failing = failingIds(events.resolved);
    const subgroup = (c: DemoCustomer) => inSubgroup(c, RESOLVED_INCIDENT.subgroup);
    expect(failureRate(failing, subgroup)).toBeGreaterThan(0.2);
    expect(failureRate(failing, (c) => !subgroup(c))).toBeLessThan(0.01);
    const hoursAgo = events.resolved.map((e) => (now.getTime() - Date.parse(e.timestamp)) / 3.6e6);
    expect(Math.min(...hoursAgo)).toBeGreaterThan(24);
    expect(Math.max(...hoursAgo)).toBeLessThanOrEqual(26);
  });

  it("keeps every noise error below the default incident threshold of 25 customers", () => {
    const perError = new Map<string, Set<string>>();
    for (const e of events.noise) {
      const key = `${e.service}:${e.error.type}`;
      if (!perError.has(key)) perError.set(key, new Set());
      perError.get(key)!.add(e.customer.id);
    }
    expect(perError.size).toBe(NOISE_ERRORS.length);
    for (const ids of perError.values()) expect(ids.size).toBeLessThan(25);
    const everyone = new Set(events.noise.map((e) => e.customer.id));
    expect(everyone.size).toBeGreaterThan(100);
  });
});
