/**
 * Audience and segment commands racing each other (truly in parallel on PostgreSQL): the
 * outcome is one of the orders in which they could have run one after the other, never a
 * duplicate segment, a raw database error or an audience pointing at a removed segment.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { incidentAudience, organization, segment } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { seedIncident } from "@/server/incidents/testing";
import { createSegment, removeSegment } from "@/server/segments";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { adoptSegment, resolveAudience, setAudienceSegment } from ".";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function workspace() {
  const id = `ws-${randomBytes(6).toString("hex")}`;
  await env.db.insert(organization).values({ id, name: "R", slug: id });
  return id;
}

const rule = { conditions: [{ attribute: "plan", op: "equals", value: "pro" }] };
const domainCode = (r: PromiseSettledResult<unknown>) =>
  r.status === "rejected" ? (r.reason instanceof DomainError ? r.reason.code : "raw") : "ok";

describe("racing audience and segment commands", () => {
  it("two incidents adopting one engine segment at once share one saved segment", async () => {
    const workspaceId = await workspace();
    const incidents = [];
    for (let i = 0; i < 3; i++) incidents.push(await seedIncident(env.db, workspaceId));
    const predicates = [{ attribute: "region", value: "eu-west-1" }];
    const results = await Promise.all(
      incidents.map((inc) =>
        adoptSegment(env.db, { workspaceId, incidentId: inc.id, actorId: null, predicates }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const saved = await env.db.select().from(segment).where(eq(segment.workspaceId, workspaceId));
    expect(saved.map((s) => s.name)).toEqual(["region = eu-west-1"]);
    for (const inc of incidents) {
      expect((await resolveAudience(env.db, workspaceId, inc.id)).segment?.id).toBe(saved[0].id);
    }
  });

  it("of two creates of one name, exactly one wins and the other is a conflict", async () => {
    const workspaceId = await workspace();
    const results = await Promise.allSettled(
      ["Pro", "PRO"].map((name) =>
        createSegment(env.db, { workspaceId, actorId: null, name, rule }),
      ),
    );
    expect(results.map(domainCode).sort()).toEqual(["conflict", "ok"]);
  });

  it("setting a segment while it is removed ends with either the audience or the removal, cleanly", async () => {
    for (let round = 0; round < 5; round++) {
      const workspaceId = await workspace();
      const inc = await seedIncident(env.db, workspaceId);
      const s = await createSegment(env.db, { workspaceId, actorId: null, name: "Pro", rule });
      const [set, removed] = await Promise.allSettled([
        setAudienceSegment(env.db, {
          workspaceId,
          incidentId: inc.id,
          actorId: null,
          segmentId: s.id,
        }),
        removeSegment(env.db, { workspaceId, actorId: null, id: s.id }),
      ]);
      const outcome = [domainCode(set), domainCode(removed)];
      const [audience] = await env.db
        .select({ segmentId: incidentAudience.segmentId })
        .from(incidentAudience)
        .where(eq(incidentAudience.incidentId, inc.id));
      if (outcome[1] === "ok") {
        // The removal ran first: setting then found no segment.
        expect(outcome[0]).toBe("not_found");
        expect(audience?.segmentId ?? null).toBeNull();
      } else {
        // Setting ran first: the removal then saw an open incident using the segment.
        expect(outcome).toEqual(["ok", "conflict"]);
        expect(audience.segmentId).toBe(s.id);
      }
    }
  });
});
