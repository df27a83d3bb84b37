import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { contact, customer } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/server/apikeys";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { putCustomers } from "./api";

let env: TestEnv;
let wsA: string;
let wsB: string;
let ingestKeyA: string;
let ingestKeyB: string;

beforeAll(async () => {
  env = await createTestEnv();
  const alice = await signUp(env.auth);
  const bob = await signUp(env.auth);
  wsA = (await createWorkspace(env.auth, alice)).id;
  wsB = (await createWorkspace(env.auth, bob)).id;
  ingestKeyA = (await createApiKey(env.db, keyFor(wsA, ["ingest"]))).key;
  ingestKeyB = (await createApiKey(env.db, keyFor(wsB, ["ingest", "read"]))).key;
});
afterAll(() => env.close());

function keyFor(workspaceId: string, scopes: ("ingest" | "read")[]) {
  return { workspaceId, name: "test", scopes, createdBy: null };
}

function put(key: string | null, body: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  return putCustomers(
    env.db,
    new Request("http://localhost/api/v1/customers", {
      method: "PUT",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function count(workspaceId: string) {
  const [row] = await env.db
    .select({ n: sql<number>`count(*)::int` })
    .from(customer)
    .where(eq(customer.workspaceId, workspaceId));
  return row.n;
}

async function find(workspaceId: string, externalId: string) {
  const [row] = await env.db
    .select()
    .from(customer)
    .where(and(eq(customer.workspaceId, workspaceId), eq(customer.externalId, externalId)));
  return row ?? null;
}

describe("PUT /api/v1/customers", () => {
  it("upserts customers and answers with created and updated counts", async () => {
    const body = {
      customers: [
        {
          id: "cus_1",
          name: "Initech",
          attributes: { plan: "pro", region: "eu-west-1", seats: 40, sso: false },
          contacts: [{ email: "it@initech.example", name: "Bill", locale: "en" }],
        },
        { id: "cus_2", attributes: { plan: "free" } },
      ],
    };
    const first = await put(ingestKeyA, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ created: 2, updated: 0 });

    const again = await put(ingestKeyA, body);
    expect(await again.json()).toEqual({ created: 0, updated: 0 });

    const change = await put(ingestKeyA, {
      customers: [{ id: "cus_2", attributes: { plan: "pro" } }],
    });
    expect(await change.json()).toEqual({ created: 0, updated: 1 });
    expect((await find(wsA, "cus_2"))?.attributes).toEqual({ plan: "pro" });
    const contacts = await env.db
      .select({ email: contact.email })
      .from(contact)
      .where(eq(contact.workspaceId, wsA));
    expect(contacts).toEqual([{ email: "it@initech.example" }]);
  });

  it("rejects the whole batch with 400 naming the bad field, storing nothing", async () => {
    const before = await count(wsA);
    const res = await put(ingestKeyA, {
      customers: [
        { id: "ok-1" },
        { id: "ok-2" },
        { id: "ok-3" },
        { id: "bad", contacts: [{ email: "nope" }] },
      ],
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid");
    expect(body.error.message).toContain("customers.3.contacts.0.email: Invalid email");
    expect(await count(wsA)).toBe(before);
    expect(await find(wsA, "ok-1")).toBeNull();
  });

  it.each([
    ["malformed JSON", "{customers: [", /Malformed JSON/],
    ["an empty body", "", /empty/],
    ["a body that is not an object", "[1,2,3]", /expected object/i],
    ["no customers", { customers: [] }, /at least one customer/],
    [
      "1,001 customers",
      { customers: Array.from({ length: 1001 }, (_, i) => ({ id: `n${i}` })) },
      /At most 1000/,
    ],
  ])("answers 400 for %s", async (_label, body, message) => {
    const before = await count(wsA);
    const res = await put(ingestKeyA, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: "invalid",
      message: expect.stringMatching(message),
    });
    expect(await count(wsA)).toBe(before);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const big = { customers: [{ id: "big", name: "x".repeat(1024 * 1024) }] };
    const res = await put(ingestKeyA, big);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(await find(wsA, "big")).toBeNull();
  });

  it("answers 401 without a key or with a revoked one, and 403 without the ingest scope", async () => {
    const body = { customers: [{ id: "auth-check" }] };
    expect((await put(null, body)).status).toBe(401);
    expect((await put("br_not-a-real-key", body)).status).toBe(401);

    const readOnly = await createApiKey(env.db, keyFor(wsA, ["read"]));
    const forbidden = await put(readOnly.key, body);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("forbidden");

    const revoked = await createApiKey(env.db, keyFor(wsA, ["ingest"]));
    await revokeApiKey(env.db, wsA, revoked.id);
    expect((await put(revoked.key, body)).status).toBe(401);
    expect(await find(wsA, "auth-check")).toBeNull();
  });

  it("writes only into the key's own workspace: a key of A cannot change B's customers", async () => {
    await put(ingestKeyB, {
      customers: [{ id: "victim", name: "B's customer", attributes: { plan: "pro" } }],
    });
    const res = await put(ingestKeyA, {
      customers: [
        {
          id: "victim",
          name: "Hijacked",
          attributes: { plan: "free" },
          contacts: [{ email: "evil@a.io" }],
        },
      ],
    });
    expect(await res.json()).toEqual({ created: 1, updated: 0 });
    const inB = await find(wsB, "victim");
    expect(inB).toMatchObject({ name: "B's customer", attributes: { plan: "pro" } });
    const bContacts = await env.db.select().from(contact).where(eq(contact.customerId, inB!.id));
    expect(bContacts).toEqual([]);
    expect(await find(wsA, "victim")).toMatchObject({ name: "Hijacked" });
  });
});
