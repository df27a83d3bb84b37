/**
 * The SQL form of a rule (compileRule) selects exactly the customers the pure evaluation
 * (matchesRule) says it does — for random directories and random rules, on PGlite and on
 * PostgreSQL. Values are drawn from pools full of the awkward cases: numbers whose text form
 * has an exponent, numeric and boolean strings, versions with zeros, -0, the extremes.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { customer, organization, type AttributeValue, type Attributes } from "@/db/schema";
import type { OpenDb } from "@/db/client";
import { createTestDb } from "@/server/testing/db";

import { compileRule } from "./compile";
import { matchesRule } from "./match";
import { ruleSchema, type Rule } from "./rule";

let env: OpenDb;
beforeAll(async () => {
  env = await createTestDb();
});
afterAll(() => env.close());

const KEYS = ["region", "seats", "app_version", "beta", "score"];
const STRINGS = [
  "eu-west-1",
  "us-east-1",
  "",
  "2000",
  "15",
  "-1.5",
  "007",
  "1e+21",
  "1e21",
  "0.0000001",
  "true",
  "false",
  "5.2.0",
  "5.2",
  "5.10.1",
  "5.9.99",
  "10.1",
  "0.0",
  "0",
  "5.02",
  "5.2.0-beta",
  "5..2",
  "1234567890",
  "5.1234567890",
  "123456789.1",
  "5.2.0.0",
  "ümlaut ✓",
];
const NUMBERS = [
  0,
  -0,
  1,
  15,
  2000,
  -1.5,
  0.1 + 0.2,
  1e21,
  1.5e21,
  1e-7,
  5e-324,
  1.7976931348623157e308,
  -1e300,
  123456789.125,
  10.1,
];
const VERSIONS = [
  "0",
  "1",
  "5.2",
  "5.2.0",
  "5.2.1",
  "5.9.99",
  "5.10",
  "10.1",
  "0.0.5",
  "123456789.1",
];

const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -30, max: 30 }),
  fc.boolean(),
);
const attributes: fc.Arbitrary<Attributes> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), value), {
    maxLength: KEYS.length,
    selector: ([k]) => k,
  })
  .map((entries) => Object.fromEntries(entries));

const text = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS).map(String),
  fc.integer({ min: -30, max: 30 }).map(String),
);
const bound = fc.option(fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -30, max: 30 })), {
  nil: undefined,
});
const versionBound = fc.option(fc.constantFrom(...VERSIONS), { nil: undefined });
const key = fc.constantFrom(...KEYS);

const condition = fc.oneof(
  fc.record({ attribute: key, op: fc.constant("equals"), value: text }),
  fc.record({
    attribute: key,
    op: fc.constantFrom("one_of", "not_one_of"),
    values: fc.array(text, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ attribute: key, op: fc.constantFrom("exists", "missing") }),
  fc.record({ attribute: key, op: fc.constant("between"), min: bound, max: bound }),
  fc.record({
    attribute: key,
    op: fc.constant("version_between"),
    min: versionBound,
    max: versionBound,
  }),
);
/** Only rules the schema accepts (ranges with min < max and at least one bound). */
const rule: fc.Arbitrary<Rule> = fc
  .array(condition, { minLength: 1, maxLength: 3 })
  .map((conditions) => ruleSchema.safeParse({ conditions }))
  .filter((r) => r.success)
  .map((r) => r.data!);

async function directory(customers: Attributes[]) {
  const workspaceId = `ws-${randomBytes(6).toString("hex")}`;
  await env.db.insert(organization).values({ id: workspaceId, name: "P", slug: workspaceId });
  const rows = await env.db
    .insert(customer)
    .values(customers.map((attributes, i) => ({ workspaceId, externalId: `c${i}`, attributes })))
    .returning({ id: customer.id });
  return { workspaceId, ids: rows.map((r) => r.id) };
}

describe("compileRule agrees with matchesRule", () => {
  it("on random customers and rules, as a filter and as a selected flag", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(attributes, { minLength: 1, maxLength: 25 }),
        fc.array(rule, { minLength: 1, maxLength: 4 }),
        async (customers, rules) => {
          const { workspaceId, ids } = await directory(customers);
          for (const r of rules) {
            const expected = ids.filter((_, i) => matchesRule(customers[i], r));
            const filtered = await env.db
              .select({ id: customer.id })
              .from(customer)
              .where(and(eq(customer.workspaceId, workspaceId), compileRule(r)))
              .orderBy(asc(customer.id));
            expect(
              filtered.map((c) => c.id),
              JSON.stringify(r),
            ).toEqual(expected);
            const flags = await env.db
              .select({ id: customer.id, attributes: customer.attributes, hit: compileRule(r) })
              .from(customer)
              .where(eq(customer.workspaceId, workspaceId))
              .orderBy(asc(customer.id));
            // Also against the attributes as stored (jsonb turns -0 into 0, for one).
            for (const f of flags)
              expect(f.hit, JSON.stringify(r)).toBe(matchesRule(f.attributes, r));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("finds what the pure evaluation finds on hand-picked edge cases", async () => {
    const customers: Attributes[] = [
      { seats: 1e21 },
      { seats: "1e+21" },
      { seats: 1e-7 },
      { seats: "2000" },
      { seats: 2000 },
      { beta: true },
      { app_version: "5.10.0" },
      { app_version: "0.0" },
      {},
      { app_version: "5x2" },
      { app_version: 5 },
    ];
    const { workspaceId, ids } = await directory(customers);
    const rules = [
      { attribute: "seats", op: "equals", value: "1e+21" },
      { attribute: "seats", op: "equals", value: "1e-7" },
      { attribute: "seats", op: "equals", value: 2000 },
      { attribute: "seats", op: "between", max: 1e-6 },
      { attribute: "beta", op: "one_of", values: ["true", "yes"] },
      { attribute: "app_version", op: "version_between", min: "5.9.1" },
      { attribute: "app_version", op: "version_between", max: "0.0.1" },
      { attribute: "seats", op: "missing" },
      { attribute: "app_version", op: "version_between", min: "0" },
    ].map((c) => ruleSchema.parse({ conditions: [c] }));
    const found: number[][] = [];
    for (const r of rules) {
      const rows = await env.db
        .select({ id: customer.id })
        .from(customer)
        .where(and(eq(customer.workspaceId, workspaceId), compileRule(r)))
        .orderBy(asc(customer.id));
      found.push(rows.map((row) => ids.indexOf(row.id)));
    }
    expect(found).toEqual([[0, 1], [2], [3, 4], [2], [5], [6], [7], [5, 6, 7, 8, 9, 10], [6, 7]]);
  });
});
