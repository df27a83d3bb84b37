/**
 * Audience resolution against a brute-force recount: for random directories, incidents (each
 * customer observed failing, added by hand or neither), exclusions and audience rules, the
 * counts are exactly the definitions of schemas.ts, and walking every page of the members
 * (whole, and by each reason) lists exactly the audience, once each, with the right reasons.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organization } from "@/db/schema";
import { seedCustomers, seedIncident } from "@/server/incidents/testing";
import { createSegment, matchesRule, parseRule, type Rule } from "@/server/segments";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { excludeCustomers, listAudienceMembers, resolveAudience, setAudienceSegment } from ".";
import type { AudienceReason, MembersInput } from "./schemas";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const RULES: (Rule | null)[] = [
  null,
  parseRule({ conditions: [{ attribute: "region", op: "equals", value: "eu" }] }),
  parseRule({ conditions: [{ attribute: "region", op: "not_one_of", values: ["us"] }] }),
  parseRule({
    conditions: [
      { attribute: "region", op: "one_of", values: ["eu", "ap"] },
      { attribute: "seats", op: "between", min: 5 },
    ],
  }),
];

const customerArb = fc.record({
  region: fc.option(fc.constantFrom("eu", "us", "ap"), { nil: undefined }),
  seats: fc.integer({ min: 0, max: 10 }),
  source: fc.constantFrom("none", "observed", "manual"),
  excluded: fc.boolean(),
});

async function allPages(
  workspaceId: string,
  incidentId: string,
  q: Omit<MembersInput, "incidentId">,
) {
  const ids: number[] = [];
  const reasons = new Map<number, AudienceReason[]>();
  let cursor: string | null = null;
  do {
    const page = await listAudienceMembers(env.db, workspaceId, incidentId, {
      ...q,
      cursor,
      limit: 3,
    });
    for (const r of page.rows) {
      ids.push(r.customerId);
      reasons.set(r.customerId, r.reasons);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, reasons };
}

describe("audience resolution", () => {
  it("counts and lists exactly (segment ∪ failing ∪ added) − excluded", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArb, { minLength: 0, maxLength: 25 }),
        fc.constantFrom(...RULES.keys()),
        async (people, ruleIndex) => {
          const workspaceId = `ws-${randomBytes(6).toString("hex")}`;
          await env.db
            .insert(organization)
            .values({ id: workspaceId, name: "P", slug: workspaceId });
          const rows = await seedCustomers(
            env.db,
            workspaceId,
            people.map((p) => ({
              attributes: { seats: p.seats, ...(p.region ? { region: p.region } : {}) },
            })),
          );
          const ids = rows.map((r) => Number(r.id));
          const inc = await seedIncident(env.db, workspaceId, {
            affected: people.flatMap((p, i) =>
              p.source === "none"
                ? []
                : [{ customerId: ids[i], source: p.source as "observed" | "manual" }],
            ),
          });
          const rule = RULES[ruleIndex];
          if (rule) {
            const s = await createSegment(env.db, { workspaceId, actorId: null, name: "S", rule });
            await setAudienceSegment(env.db, {
              workspaceId,
              incidentId: inc.id,
              actorId: null,
              segmentId: s.id,
            });
          }
          const excludedIds = ids.filter((_, i) => people[i].excluded);
          if (excludedIds.length) {
            await excludeCustomers(env.db, {
              workspaceId,
              incidentId: inc.id,
              actorId: null,
              customerIds: excludedIds,
            });
          }

          // Brute force, straight from the definitions.
          const inS = people.map((p) =>
            rule
              ? matchesRule({ seats: p.seats, ...(p.region ? { region: p.region } : {}) }, rule)
              : false,
          );
          const idx = people.map((_, i) => i);
          const inUnion = (i: number) => inS[i] || people[i].source !== "none";
          const expected = {
            inSegment: idx.filter((i) => inS[i]).length,
            inSegmentFailing: idx.filter((i) => inS[i] && people[i].source === "observed").length,
            failingOutsideSegment: idx.filter((i) => !inS[i] && people[i].source === "observed")
              .length,
            added: idx.filter((i) => !inS[i] && people[i].source === "manual").length,
            excluded: idx.filter((i) => inUnion(i) && people[i].excluded).length,
            total: idx.filter((i) => inUnion(i) && !people[i].excluded).length,
          };
          const audience = await resolveAudience(env.db, workspaceId, inc.id);
          expect({ ...audience, segment: undefined }).toEqual({ ...expected, segment: undefined });
          expect(audience.segment?.rule ?? null).toEqual(rule);

          const reasonsOf = (i: number): AudienceReason[] => [
            ...(inS[i] ? (["segment"] as const) : []),
            ...(people[i].source === "observed" ? (["failing"] as const) : []),
            ...(people[i].source === "manual" ? (["added"] as const) : []),
          ];
          const members = await allPages(workspaceId, inc.id, {});
          const memberIdx = idx.filter((i) => inUnion(i) && !people[i].excluded);
          expect(members.ids).toEqual(memberIdx.map((i) => ids[i]));
          for (const i of memberIdx) expect(members.reasons.get(ids[i])).toEqual(reasonsOf(i));
          for (const reason of ["segment", "failing", "added"] as const) {
            const { ids: got } = await allPages(workspaceId, inc.id, { reason });
            expect(got).toEqual(
              memberIdx.filter((i) => reasonsOf(i).includes(reason)).map((i) => ids[i]),
            );
          }
          const excluded = await allPages(workspaceId, inc.id, { excluded: true });
          expect(excluded.ids).toEqual(excludedIds);
          for (const i of idx.filter((j) => people[j].excluded)) {
            expect(excluded.reasons.get(ids[i])).toEqual(reasonsOf(i));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
