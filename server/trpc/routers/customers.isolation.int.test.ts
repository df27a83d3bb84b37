/**
 * Workspace isolation of the customers router: a member of A reads and changes nothing of B,
 * through any procedure, whether naming B's workspace or B's customer ids from inside A.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { customer } from "@/db/schema";
import { upsertCustomers } from "@/server/customers";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  type TestEnv,
  type TestUser,
  type TestWorkspace,
} from "@/server/testing/fixtures";

let env: TestEnv;
let alice: TestUser;
let a: TestWorkspace;
let b: TestWorkspace;
let bCustomerId: number;

beforeAll(async () => {
  env = await createTestEnv();
  alice = await signUp(env.auth);
  const bob = await signUp(env.auth);
  a = await createWorkspace(env.auth, alice, "Alpha");
  b = await createWorkspace(env.auth, bob, "Bravo");
  await upsertCustomers(env.db, a.id, [{ id: "a-1", name: "Alpha", attributes: { plan: "pro" } }]);
  await upsertCustomers(env.db, b.id, [
    {
      id: "secret",
      name: "Bravo Secret",
      attributes: { plan: "pro", vip: true },
      contacts: [{ email: "ceo@bravo.io" }],
    },
  ]);
  const [row] = await env.db
    .select({ id: customer.id })
    .from(customer)
    .where(and(eq(customer.workspaceId, b.id), eq(customer.externalId, "secret")));
  bCustomerId = row.id;
});
afterAll(() => env.close());

describe("customers router isolation", () => {
  it("answers NOT_FOUND for every procedure named with another workspace's slug", async () => {
    const asAlice = await callerAs(env, alice);
    const notFound = { code: "NOT_FOUND" };
    await expect(asAlice.customers.list({ workspace: b.slug })).rejects.toMatchObject(notFound);
    await expect(asAlice.customers.attributeKeys({ workspace: b.slug })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      asAlice.customers.get({ workspace: b.slug, id: bCustomerId }),
    ).rejects.toMatchObject(notFound);
    await expect(
      asAlice.customers.import({
        workspace: b.slug,
        rows: [{ row: 2, customer: { id: "secret", name: "Pwned" } }],
      }),
    ).rejects.toMatchObject(notFound);
    const [still] = await env.db.select().from(customer).where(eq(customer.id, bCustomerId));
    expect(still.name).toBe("Bravo Secret");
  });

  it("never shows B's customers, attributes or contacts inside A", async () => {
    const asAlice = await callerAs(env, alice);
    const workspace = a.slug;
    await expect(asAlice.customers.get({ workspace, id: bCustomerId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    for (const search of ["bravo", "secret", "ceo@bravo.io"]) {
      expect((await asAlice.customers.list({ workspace, search })).customers).toEqual([]);
    }
    const vip = await asAlice.customers.list({ workspace, filters: [{ key: "vip", value: true }] });
    expect(vip.total).toEqual({ count: 0, exact: true });
    const all = await asAlice.customers.list({ workspace });
    expect(all.customers.map((c) => c.externalId)).toEqual(["a-1"]);
    expect(all.total.count).toBe(1);
    const keys = await asAlice.customers.attributeKeys({ workspace });
    expect(keys.keys.map((k) => k.key)).toEqual(["plan"]);
    expect(keys.sampled).toBe(1);
  });

  it("imports into the caller's own workspace even when the external id exists in B", async () => {
    const asAlice = await callerAs(env, alice);
    const result = await asAlice.customers.import({
      workspace: a.slug,
      rows: [
        { row: 2, customer: { id: "secret", name: "Alice's own", attributes: { vip: false } } },
      ],
    });
    expect(result).toMatchObject({ created: 1, updated: 0 });
    const [inB] = await env.db.select().from(customer).where(eq(customer.id, bCustomerId));
    expect(inB).toMatchObject({ name: "Bravo Secret", attributes: { plan: "pro", vip: true } });
  });

  it("turns away anonymous callers", async () => {
    const anon = await callerAs(env, null);
    await expect(anon.customers.list({ workspace: a.slug })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(anon.customers.attributeKeys({ workspace: a.slug })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
