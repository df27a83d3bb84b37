/**
 * The segments router as the incident page uses it: saving, naming, editing and removing
 * rules, previewing an unsaved one, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { segment } from "@/db/schema";
import { describeZodError } from "@/server/errors";
import { seedCustomers, seedIncident } from "@/server/incidents/testing";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const euRule = { conditions: [{ attribute: "region", op: "equals" as const, value: "eu-west-1" }] };

async function team() {
  const { workspace, users } = await workspaceWithTeam(env);
  const ws = { workspace: workspace.slug };
  return {
    workspace,
    ws,
    commander: await callerAs(env, users.commander),
    viewer: await callerAs(env, users.viewer),
    responder: await callerAs(env, users.responder),
    users,
  };
}

/** The message a client gets (the error formatter states input errors with describeZodError). */
async function clientError(attempt: Promise<unknown>) {
  try {
    await attempt;
  } catch (e) {
    const err = e as { code: string; message: string; cause?: unknown };
    const message = err.cause instanceof ZodError ? describeZodError(err.cause) : err.message;
    return { code: err.code, message };
  }
  throw new Error("expected the call to fail");
}

const storedSegments = async (workspaceId: string) =>
  env.db.select().from(segment).where(eq(segment.workspaceId, workspaceId));

describe("segments router", () => {
  it("saves a rule under a name unique ignoring case, and finds it by id or name", async () => {
    const { ws, commander, viewer, users } = await team();
    const created = await commander.segments.create({
      ...ws,
      name: "  EU West  ",
      description: "Customers in eu-west-1",
      rule: euRule,
    });
    expect(created).toMatchObject({
      name: "EU West",
      description: "Customers in eu-west-1",
      rule: euRule,
      createdBy: { id: users.commander.id, name: "commander user" },
      updatedBy: { id: users.commander.id },
      incidentCount: 0,
    });
    await expect(
      commander.segments.create({ ...ws, name: "eu west", rule: euRule }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A segment named "EU West" already exists in this workspace.',
    });
    expect(await viewer.segments.get({ ...ws, name: "eu WEST" })).toEqual(created);
    expect(await viewer.segments.get({ ...ws, id: created.id })).toEqual(created);
    await commander.segments.create({ ...ws, name: "all pro", rule: euRule });
    expect((await viewer.segments.list(ws)).map((s) => s.name)).toEqual(["all pro", "EU West"]);
  });

  it("refuses bad rules with a message naming the field, and stores nothing", async () => {
    const { workspace, ws, commander } = await team();
    const attempts = [
      [{ conditions: [] }, "rule.conditions: A rule needs at least one condition"],
      [
        { conditions: [{ attribute: "seats", op: "between", min: 10, max: 5 }] },
        "rule.conditions.0.max: max must be greater than min (min is included, max is not)",
      ],
      [
        { conditions: [{ attribute: "app version", op: "exists" }] },
        "rule.conditions.0.attribute: Attribute names may use only letters, digits, _ . and -",
      ],
      [
        { conditions: [{ attribute: "app_version", op: "version_between", min: "5.x", max: "6" }] },
        "rule.conditions.0.min: Must be a version such as 5.2.0 (whole numbers joined by dots)",
      ],
      [
        { conditions: [{ attribute: "app_version", op: "version_between", min: "5", max: "" }] },
        "rule.conditions.0.max: Must be a version such as 5.2.0 (whole numbers joined by dots)",
      ],
      [
        { conditions: [null] },
        "rule.conditions.0: Must be a condition: an object with attribute and op",
      ],
      [
        { conditions: [{ attribute: "plan", op: "one_of", values: ["pro", null] }] },
        "rule.conditions.0.values.1: Must be a string, a number or a boolean",
      ],
      [
        { conditions: [{ attribute: "__proto__", op: "exists" }] },
        'rule.conditions.0.attribute: "__proto__" is a reserved name; use another attribute name',
      ],
    ] as const;
    for (const [rule, message] of attempts) {
      expect(
        await clientError(commander.segments.create({ ...ws, name: "Bad", rule: rule as never })),
      ).toEqual({ code: "BAD_REQUEST", message });
    }
    expect(
      await clientError(commander.segments.create({ ...ws, name: " ", rule: euRule })),
    ).toEqual({ code: "BAD_REQUEST", message: "name: A segment needs a name" });
    expect(await storedSegments(workspace.id)).toEqual([]);
  });

  it("edits a segment and records a changed rule on the incidents it is the audience of", async () => {
    const { workspace, ws, commander, users } = await team();
    const s = await commander.segments.create({ ...ws, name: "EU", rule: euRule });
    const other = await commander.segments.create({ ...ws, name: "Other", rule: euRule });
    const inc = await seedIncident(env.db, workspace.id);
    await commander.audience.setSegment({ ...ws, incidentId: inc.id, segmentId: s.id });

    await expect(
      commander.segments.update({ ...ws, id: s.id, name: "OTHER" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const newRule = {
      conditions: [
        { attribute: "region", op: "one_of" as const, values: ["eu-west-1", "eu-central-1"] },
      ],
    };
    const updated = await commander.segments.update({
      ...ws,
      id: s.id,
      name: "Europe",
      rule: newRule,
    });
    expect(updated).toMatchObject({
      name: "Europe",
      rule: { conditions: [{ values: ["eu-central-1", "eu-west-1"] }] },
      incidentCount: 1,
    });
    const { activity } = await commander.incidents.get({ ...ws, incidentId: inc.id });
    expect(activity.find((a) => a.kind === "audience_rule_changed")).toMatchObject({
      fromValue: "region = eu-west-1",
      toValue: "region is one of eu-central-1, eu-west-1",
      actorId: users.commander.id,
    });
    // Renaming to its own name in another case is no conflict.
    expect(await commander.segments.update({ ...ws, id: other.id, name: "other" })).toMatchObject({
      name: "other",
    });
  });

  it("refuses to remove a segment an open incident uses; on resolved ones it clears the rule", async () => {
    const { workspace, ws, commander } = await team();
    const s = await commander.segments.create({ ...ws, name: "EU", rule: euRule });
    const open = await seedIncident(env.db, workspace.id);
    const resolved = await seedIncident(env.db, workspace.id, { status: "resolved" });
    for (const inc of [open, resolved]) {
      await commander.audience.setSegment({ ...ws, incidentId: inc.id, segmentId: s.id });
    }
    await expect(commander.segments.remove({ ...ws, id: s.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `"EU" is the audience of INC-${open.number}; give those incidents another audience first.`,
    });
    await commander.audience.setSegment({ ...ws, incidentId: open.id, segmentId: null });
    expect(await commander.segments.remove({ ...ws, id: s.id })).toEqual({
      id: s.id,
      clearedFrom: 1,
    });
    await expect(commander.segments.get({ ...ws, id: s.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await commander.audience.get({ ...ws, incidentId: resolved.id })).segment).toBeNull();
    const { activity } = await commander.incidents.get({ ...ws, incidentId: resolved.id });
    expect(activity.filter((a) => a.kind === "audience_segment")[0]).toMatchObject({
      fromValue: "EU",
      toValue: null,
    });
  });

  it("previews an unsaved rule: the exact count and the newest 10 customers", async () => {
    const { workspace, ws, viewer } = await team();
    const customers = await seedCustomers(
      env.db,
      workspace.id,
      Array.from({ length: 30 }, (_, i) => ({
        externalId: `c${i}`,
        attributes: { region: i % 3 === 0 ? "eu-west-1" : "us-east-1", seats: i },
      })),
    );
    const preview = await viewer.segments.preview({
      ...ws,
      rule: {
        conditions: [
          { attribute: "region", op: "equals", value: "eu-west-1" },
          { attribute: "seats", op: "between", min: 3 },
        ],
      },
    });
    // c3, c6, …, c27: nine customers; the sample is the newest first.
    expect(preview.count).toBe(9);
    expect(preview.sample.map((c) => c.externalId)).toEqual(
      [27, 24, 21, 18, 15, 12, 9, 6, 3].map((i) => `c${i}`),
    );
    expect(preview.sample[0]).toEqual({
      id: customers[27].id,
      externalId: "c27",
      name: null,
      attributes: { region: "eu-west-1", seats: 27 },
    });
    const none = await viewer.segments.preview({
      ...ws,
      rule: { conditions: [{ attribute: "region", op: "missing" }] },
    });
    expect(none).toEqual({ count: 0, sample: [] });
  });

  it("lets viewers read and preview but only commanders and admins change", async () => {
    const { ws, commander, viewer, responder } = await team();
    const s = await commander.segments.create({ ...ws, name: "EU", rule: euRule });
    for (const caller of [viewer, responder]) {
      const forbidden = { code: "FORBIDDEN" };
      await expect(
        caller.segments.create({ ...ws, name: "X", rule: euRule }),
      ).rejects.toMatchObject(forbidden);
      await expect(caller.segments.update({ ...ws, id: s.id, name: "X" })).rejects.toMatchObject(
        forbidden,
      );
      await expect(caller.segments.remove({ ...ws, id: s.id })).rejects.toMatchObject(forbidden);
      expect((await caller.segments.list(ws)).map((x) => x.name)).toEqual(["EU"]);
    }
    await expect(callerAs(env, null).then((c) => c.segments.list(ws))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
