/**
 * What a client sees of an error, through the HTTP endpoints as a browser or an API client
 * calls them: an internal error (here a real failed query: a table has gone) is "Internal
 * server error (request id …)" and nothing else, and the server log has the rest under that
 * id; no error carries a stack.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { createApiKey } from "@/server/apikeys";
import { listIncidentCustomersApi } from "@/server/incidents/read-api";
import { seedCustomers, seedIncident } from "@/server/incidents/testing";
import { createTestEnv, workspaceWithTeam, type TestEnv } from "@/server/testing/fixtures";
import { handleTrpcRequest } from "./http";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const REQUEST_ID = /^Internal server error \(request id ([0-9a-f-]{36})\)\.$/;

async function trpcGet(path: string, input: unknown, headers: Headers) {
  const query = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const req = new Request(`http://localhost/api/trpc/${path}?input=${query}`, { headers });
  const res = await handleTrpcRequest(req, { db: env.db, auth: env.auth });
  const text = await res.text();
  return { status: res.status, text, error: JSON.parse(text).error.json };
}

/** The server log lines written while `fn` ran. */
async function logged(fn: () => Promise<void>): Promise<unknown[][]> {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    await fn();
    return [...spy.mock.calls];
  } finally {
    spy.mockRestore();
  }
}

describe("internal errors", () => {
  it("reach tRPC and REST clients as a request id only; the log has the failed query", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const [c] = await seedCustomers(env.db, workspace.id, [{ externalId: "acme" }]);
    const incident = await seedIncident(env.db, workspace.id, { affected: [{ customerId: c.id }] });
    const { key } = await createApiKey(env.db, {
      workspaceId: workspace.id,
      name: "read",
      scopes: ["read"],
      createdBy: users.admin.id,
    });
    // A real database failure: every read of affected customers now fails in PostgreSQL.
    await env.db.execute(sql`alter table incident_customer rename to incident_customer_gone`);
    const secrets = ["incident_customer", "select", "Failed query", workspace.id, incident.id];

    let trpc!: Awaited<ReturnType<typeof trpcGet>>;
    const trpcLog = await logged(async () => {
      trpc = await trpcGet(
        "incidents.customers",
        { workspace: workspace.slug, incidentId: incident.id },
        users.viewer.headers,
      );
    });
    expect(trpc.status).toBe(500);
    const trpcId = REQUEST_ID.exec(trpc.error.message)?.[1];
    expect(trpcId, trpc.error.message).toBeDefined();
    expect(trpc.error.data).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      httpStatus: 500,
      path: "incidents.customers",
      requestId: trpcId,
      zodIssues: null,
    });
    for (const s of secrets) expect(trpc.text).not.toContain(s);
    expect(trpcLog).toHaveLength(1);
    expect(String(trpcLog[0][0])).toContain(trpcId);
    expect(String(trpcLog[0][0])).toContain("incidents.customers");
    expect(String(trpcLog[0][1])).toMatch(/Failed query: .*incident_customer/s);

    let rest!: { status: number; text: string };
    const restLog = await logged(async () => {
      const req = new Request(`http://localhost/api/v1/incidents/${incident.id}/customers`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const res = await listIncidentCustomersApi(env.db, req, { id: incident.id });
      rest = { status: res.status, text: await res.text() };
    });
    expect(rest.status).toBe(500);
    const body = JSON.parse(rest.text);
    const restId = REQUEST_ID.exec(body.error.message)?.[1];
    expect(body).toEqual({
      error: { code: "internal", message: body.error.message, details: { requestId: restId } },
    });
    expect(restId).toBeDefined();
    expect(restId).not.toBe(trpcId);
    for (const s of secrets) expect(rest.text).not.toContain(s);
    expect(restLog).toHaveLength(1);
    expect(String(restLog[0][0])).toContain(restId);
    expect(String(restLog[0][1])).toMatch(/Failed query: .*incident_customer/s);
  });
});

describe("refused input", () => {
  it("is answered with its reason and no stack", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const res = await trpcGet(
      "customers.list",
      { workspace: workspace.slug, pageSize: 30 },
      users.viewer.headers,
    );
    expect(res.status).toBe(400);
    expect(res.error.message).toBe("pageSize: Page size is 25, 50 or 100");
    expect(res.error.data).not.toHaveProperty("stack");
    expect(res.error.data).toMatchObject({ code: "BAD_REQUEST", requestId: null });
    expect(res.text).not.toContain("at ");
  });
});
