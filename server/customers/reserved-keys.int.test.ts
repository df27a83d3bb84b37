/**
 * `__proto__`, `constructor` and `prototype` are refused as attribute names wherever one can
 * be given — customers over REST, events, the CSV import, list filters, segment rules — with
 * a reason naming the key, instead of being dropped without a word; and nothing sent can
 * reach an object's prototype.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { customer } from "@/db/schema";
import { createApiKey } from "@/server/apikeys";
import { postEvents } from "@/server/ingest/handler";
import { makeEvent, tableCounts } from "@/server/ingest/test-helpers";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";
import { putCustomers } from "./api";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const RESERVED = ["__proto__", "constructor", "prototype"];
const reason = (key: string) => `"${key}" is a reserved name; use another attribute name`;

/**
 * Attributes with `key` as an own property, as JSON.parse makes them from a request body (an
 * object literal would set the prototype instead); JSON.stringify writes it out again.
 */
const attributesWith = (key: string, value: unknown): Record<string, unknown> =>
  JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}, "plan": "pro"}`);

async function scenario() {
  const { workspace, users } = await workspaceWithTeam(env);
  const { key } = await createApiKey(env.db, {
    workspaceId: workspace.id,
    name: "ingest",
    scopes: ["ingest"],
    createdBy: users.admin.id,
  });
  const send = async (route: typeof putCustomers, path: string, method: string, body: string) => {
    const req = new Request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
    const res = await route(env.db, req);
    return { status: res.status, body: await res.json() };
  };
  return {
    workspace,
    ws: { workspace: workspace.slug },
    putCustomers: (body: string) => send(putCustomers, "/api/v1/customers", "PUT", body),
    postEvents: (body: string) => send(postEvents, "/api/v1/events", "POST", body),
    responder: await callerAs(env, users.responder),
  };
}

function expectNoPollution() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
}

describe("reserved attribute names", () => {
  it("PUT /api/v1/customers refuses them, naming the key, and stores nothing", async () => {
    const { workspace, putCustomers } = await scenario();
    for (const key of RESERVED) {
      for (const value of ["x", { polluted: true }]) {
        const res = await putCustomers(
          JSON.stringify({ customers: [{ id: "acme", attributes: attributesWith(key, value) }] }),
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          `Invalid request body: customers.0.attributes.${key}: ${reason(key)}`,
        );
      }
    }
    expect(
      await env.db.select().from(customer).where(eq(customer.workspaceId, workspace.id)),
    ).toEqual([]);
    expectNoPollution();
  });

  it("POST /api/v1/events rejects the event, naming the key, in customer and event attributes", async () => {
    const { postEvents } = await scenario();
    const before = await tableCounts(env.db);
    const events = RESERVED.flatMap((key) => [
      makeEvent({ customer: { id: "acme", attributes: attributesWith(key, { polluted: true }) } }),
      makeEvent({ attributes: attributesWith(key, { polluted: true }) }),
    ]);
    const res = await postEvents(JSON.stringify({ events }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: RESERVED.flatMap((key, i) => [
        { index: 2 * i, error: `customer.attributes.${key}: ${reason(key)}` },
        { index: 2 * i + 1, error: `attributes.${key}: ${reason(key)}` },
      ]),
    });
    expect(await tableCounts(env.db)).toEqual(before);
    expectNoPollution();
  });

  it("the CSV import reports the row, naming the key, and imports the others", async () => {
    const { responder, ws } = await scenario();
    const rows = RESERVED.map((key, i) => ({
      row: i + 2,
      customer: { id: `c${i}`, attributes: attributesWith(key, "x") } as unknown,
    }));
    rows.push({ row: 9, customer: { id: "fine", attributes: { plan: "pro" } } });
    const result = await responder.customers.import({ ...ws, rows });
    expect(result).toMatchObject({ imported: 1, created: 1 });
    expect(result.failed).toEqual(
      RESERVED.map((key, i) => ({ row: i + 2, message: `attributes.${key}: ${reason(key)}` })),
    );
    expectNoPollution();
  });

  it("list filters and segment rules refuse them as BAD_REQUEST, naming the key", async () => {
    const { responder, ws } = await scenario();
    for (const key of RESERVED) {
      await expect(
        responder.customers.list({ ...ws, filters: [{ key, value: "x" }] }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(
        responder.incidents.customers({ ...ws, incidentId: "1", filters: [{ key, value: "x" }] }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(
        responder.segments.preview({
          ...ws,
          rule: { conditions: [{ attribute: key, op: "exists" }] },
        }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
      const err = await responder.customers
        .list({ ...ws, filters: [{ key, value: "x" }] })
        .catch((e: { cause: { issues: { message: string; path: unknown[] }[] } }) => e);
      expect(err).toMatchObject({
        cause: { issues: [{ path: ["filters", 0, "key"], message: reason(key) }] },
      });
    }
  });
});
