import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { contact, customer } from "@/db/schema";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { upsertCustomers } from "./upsert";

let env: TestEnv;
let ws: string;
beforeAll(async () => {
  env = await createTestEnv();
  ws = (await createWorkspace(env.auth, await signUp(env.auth))).id;
});
afterAll(() => env.close());

async function stored(workspaceId: string, externalId: string) {
  const [c] = await env.db
    .select()
    .from(customer)
    .where(and(eq(customer.workspaceId, workspaceId), eq(customer.externalId, externalId)));
  if (!c) return null;
  const contacts = await env.db
    .select({ email: contact.email, name: contact.name, locale: contact.locale })
    .from(contact)
    .where(eq(contact.customerId, c.id))
    .orderBy(asc(contact.email));
  return { name: c.name, attributes: c.attributes, contacts, updatedAt: c.updatedAt };
}

describe("upsertCustomers", () => {
  it("creates customers with attributes and contacts, and reports how many", async () => {
    const result = await upsertCustomers(env.db, ws, [
      {
        id: "acme",
        name: "Acme Inc",
        attributes: { plan: "enterprise", seats: 120, sso: true },
        contacts: [{ email: "Ops@Acme.example", name: "Ops", locale: "en-US" }],
      },
      { id: "globex" },
    ]);
    expect(result).toEqual({ created: 2, updated: 0 });
    expect(await stored(ws, "acme")).toMatchObject({
      name: "Acme Inc",
      attributes: { plan: "enterprise", seats: 120, sso: true },
      // Emails are matched case-insensitively, so they are stored lower-cased.
      contacts: [{ email: "ops@acme.example", name: "Ops", locale: "en-US" }],
    });
    expect(await stored(ws, "globex")).toMatchObject({ name: null, attributes: {}, contacts: [] });
  });

  it("is idempotent: the same batch twice leaves the same state and reports nothing updated", async () => {
    const batch = [
      {
        id: "idem-1",
        name: "One",
        attributes: { region: "eu-west" },
        contacts: [{ email: "a@x.io" }],
      },
      { id: "idem-2", attributes: { region: "us-east", tier: 2 } },
    ];
    expect(await upsertCustomers(env.db, ws, batch)).toEqual({ created: 2, updated: 0 });
    const before = [await stored(ws, "idem-1"), await stored(ws, "idem-2")];
    expect(await upsertCustomers(env.db, ws, batch)).toEqual({ created: 0, updated: 0 });
    expect([await stored(ws, "idem-1"), await stored(ws, "idem-2")]).toEqual(before);
  });

  it("merges attributes: new keys win, keys not sent are kept", async () => {
    await upsertCustomers(env.db, ws, [
      { id: "merge", name: "Merge Co", attributes: { plan: "free", region: "eu", beta: false } },
    ]);
    const result = await upsertCustomers(env.db, ws, [
      { id: "merge", attributes: { plan: "pro", app_version: "4.2.0" } },
    ]);
    expect(result).toEqual({ created: 0, updated: 1 });
    expect(await stored(ws, "merge")).toMatchObject({
      name: "Merge Co", // a missing name keeps the stored one
      attributes: { plan: "pro", region: "eu", beta: false, app_version: "4.2.0" },
    });
  });

  it("upserts contacts by (customer, email): updates name and locale, keeps others", async () => {
    await upsertCustomers(env.db, ws, [
      { id: "contacts", contacts: [{ email: "ann@c.io", name: "Ann" }, { email: "bo@c.io" }] },
    ]);
    const result = await upsertCustomers(env.db, ws, [
      {
        id: "contacts",
        contacts: [
          { email: "ANN@c.io", locale: "de-DE" },
          { email: "cy@c.io", name: "Cy" },
        ],
      },
    ]);
    expect(result).toEqual({ created: 0, updated: 1 });
    expect((await stored(ws, "contacts"))!.contacts).toEqual([
      { email: "ann@c.io", name: "Ann", locale: "de-DE" },
      { email: "bo@c.io", name: null, locale: null },
      { email: "cy@c.io", name: "Cy", locale: null },
    ]);
  });

  it("folds an id repeated within one batch, later values winning", async () => {
    const result = await upsertCustomers(env.db, ws, [
      { id: "twice", name: "First", attributes: { a: 1, b: 1 }, contacts: [{ email: "x@t.io" }] },
      {
        id: "twice",
        name: "Second",
        attributes: { b: 2 },
        contacts: [{ email: "x@t.io", name: "X" }],
      },
    ]);
    expect(result).toEqual({ created: 1, updated: 0 });
    expect(await stored(ws, "twice")).toMatchObject({
      name: "Second",
      attributes: { a: 1, b: 2 },
      contacts: [{ email: "x@t.io", name: "X", locale: null }],
    });
  });

  it("keeps numeric ids as text and trims ids and names", async () => {
    await upsertCustomers(env.db, ws, [{ id: 4711, name: "  Spaced  " }]);
    await upsertCustomers(env.db, ws, [{ id: " 4711 ", attributes: { n: 1 } }]);
    expect(await stored(ws, "4711")).toMatchObject({ name: "Spaced", attributes: { n: 1 } });
  });

  it("rejects the whole batch when one customer is invalid, naming the field", async () => {
    const attempt = upsertCustomers(env.db, ws, [
      { id: "valid-but-rejected", name: "Fine" },
      { id: "x", contacts: [{ email: "not-an-email" }] },
      { id: "y", attributes: { "bad key!": 1 } },
    ]);
    await expect(attempt).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringMatching(
        /^customers\.1\.contacts\.0\.email: .*customers\.2\.attributes/,
      ),
    });
    expect(await stored(ws, "valid-but-rejected")).toBeNull();
  });

  it.each([
    ["an id over 200 characters", { id: "x".repeat(201) }, "customers.0.id"],
    ["an empty id", { id: "   " }, "customers.0.id"],
    [
      "65 attributes",
      {
        id: "a",
        attributes: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])),
      },
      "customers.0.attributes",
    ],
    [
      "a 65-character attribute name",
      { id: "a", attributes: { ["k".repeat(65)]: 1 } },
      "customers.0.attributes",
    ],
    [
      "a 501-character value",
      { id: "a", attributes: { note: "v".repeat(501) } },
      "customers.0.attributes.note",
    ],
    [
      "a nested attribute value",
      { id: "a", attributes: { geo: { city: "Oslo" } } },
      "customers.0.attributes.geo",
    ],
    [
      "a null attribute value",
      { id: "a", attributes: { plan: null } },
      "customers.0.attributes.plan",
    ],
    [
      "a locale that is not a language tag",
      { id: "a", contacts: [{ email: "a@b.co", locale: "english please" }] },
      "customers.0.contacts.0.locale",
    ],
    ["a NUL character", { id: "a\u0000b" }, "customers.0.id"],
    ["a lone surrogate", { id: "a", name: "bad \ud800 text" }, "customers.0.name"],
  ])("rejects %s", async (_label, bad, path) => {
    await expect(upsertCustomers(env.db, ws, [bad])).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining(path),
    });
  });

  it("accepts 1,000 customers in one call and refuses 1,001", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      id: `bulk-${i}`,
      attributes: { shard: i % 16 },
      contacts: [{ email: `u${i}@bulk.io` }, { email: `v${i}@bulk.io` }],
    }));
    expect(await upsertCustomers(env.db, ws, many)).toEqual({ created: 1000, updated: 0 });
    expect(await upsertCustomers(env.db, ws, many)).toEqual({ created: 0, updated: 0 });
    await expect(
      upsertCustomers(env.db, ws, [...many, { id: "one-too-many" }]),
    ).rejects.toMatchObject({
      code: "invalid",
    });
    expect(await stored(ws, "one-too-many")).toBeNull();
  });

  it("writes only into the given workspace", async () => {
    const other = (await createWorkspace(env.auth, await signUp(env.auth))).id;
    await upsertCustomers(env.db, ws, [
      { id: "shared-id", name: "Ours", attributes: { plan: "pro" } },
    ]);
    await upsertCustomers(env.db, other, [{ id: "shared-id", name: "Theirs" }]);
    expect(await stored(ws, "shared-id")).toMatchObject({
      name: "Ours",
      attributes: { plan: "pro" },
    });
    expect(await stored(other, "shared-id")).toMatchObject({ name: "Theirs", attributes: {} });
  });
});
