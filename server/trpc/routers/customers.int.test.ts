import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incident, incidentCustomer } from "@/db/schema";
import {
  writeCustomers,
  type CustomerList,
  type CustomerListInput,
  type CustomerWrite,
} from "@/server/customers";
import {
  callerAs,
  createTestEnv,
  createWorkspace,
  signUp,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
let slug: string;
let workspaceId: string;
let viewer: Awaited<ReturnType<typeof callerAs>>;
const ids = new Map<string, number>();
const BULK = 60;
const HOUR = 3_600_000;
const now = Date.now();

beforeAll(async () => {
  env = await createTestEnv();
  const team = await workspaceWithTeam(env);
  slug = team.workspace.slug;
  workspaceId = team.workspace.id;
  viewer = await callerAs(env, team.users.viewer);
  const named: CustomerWrite[] = [
    {
      externalId: "acme",
      name: "Acme Inc",
      attributes: { plan: "pro", region: "eu", seats: 5 },
      contacts: [{ email: "ann@acme.io" }],
      seenAt: new Date(now - HOUR),
    },
    {
      externalId: "globex",
      name: "Globex Corporation",
      attributes: { plan: "free", region: "us", seats: 5 },
      contacts: [{ email: "hank@globex.com" }],
    },
    {
      externalId: "initech",
      name: "Initech",
      attributes: { plan: "pro", region: "us", sso: true },
      contacts: [{ email: "bill@initech.example" }, { email: "milton@initech.example" }],
      seenAt: new Date(now - 2 * HOUR),
    },
    {
      externalId: "umbrella",
      attributes: { plan: "enterprise", region: "eu" },
      contacts: [{ email: "alice@umbrella.io" }],
    },
  ];
  const bulk = Array.from({ length: BULK }, (_, i): CustomerWrite => ({
    externalId: `bulk${String(i).padStart(2, "0")}`,
    name: `Customer ${String(i).padStart(2, "0")}`,
    attributes: { plan: i % 3 === 0 ? "pro" : "free", region: i % 2 ? "eu" : "us" },
    contacts: [],
    seenAt: i % 4 === 0 ? undefined : new Date(now - (10 + i) * HOUR),
  }));
  const res = await env.db.transaction((tx) =>
    writeCustomers(tx, workspaceId, [...named, ...bulk]),
  );
  for (const [k, v] of res.ids) ids.set(k, v);
});
afterAll(() => env.close());

const list = (input: Omit<CustomerListInput, "workspace"> = {}) =>
  viewer.customers.list({ workspace: slug, ...input });
const extIds = (page: CustomerList) => page.customers.map((c) => c.externalId);

async function everyPage(input: Omit<CustomerListInput, "workspace">) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list({ ...input, cursor });
    seen.push(...extIds(page));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
}

describe("customers.list", () => {
  it("pages through the whole directory, sorted by name (else id), with the exact total", async () => {
    const first = await list({ pageSize: 25 });
    expect(first.customers).toHaveLength(25);
    expect(first.total).toEqual({ count: BULK + 4, exact: true });
    const counts = Object.fromEntries(first.customers.map((c) => [c.externalId, c.contactCount]));
    expect(counts).toMatchObject({ acme: 1, bulk00: 0, bulk01: 0 });
    const byName = await list({ sort: "externalId", dir: "desc", pageSize: 25 });
    expect(byName.customers.slice(0, 3).map((c) => [c.externalId, c.contactCount])).toEqual([
      ["umbrella", 1],
      ["initech", 2],
      ["globex", 1],
    ]);
    expect(first.customers[0]).toMatchObject({
      externalId: "acme",
      name: "Acme Inc",
      contactCount: 1,
    });
    const all = await everyPage({ pageSize: 25 });
    const expected = [
      "acme",
      ...Array.from({ length: BULK }, (_, i) => `bulk${String(i).padStart(2, "0")}`),
      "globex",
      "initech",
      "umbrella",
    ];
    expect(all).toEqual(expected);
    expect((await everyPage({ pageSize: 50, dir: "desc" })).reverse()).toEqual(expected);
  });

  it("sorts by external id, by creation and by last seen (never seen last)", async () => {
    const byId = await everyPage({ sort: "externalId", pageSize: 100 });
    expect(byId.slice(0, 2)).toEqual(["acme", "bulk00"]);
    expect(byId.at(-1)).toBe("umbrella");

    const created = await everyPage({ sort: "created", dir: "desc", pageSize: 25 });
    expect(created).toHaveLength(BULK + 4);
    const createdIds = created.map((e) => ids.get(e)!);
    expect(createdIds).toEqual([...createdIds].sort((a, b) => b - a));

    const seen = await everyPage({ sort: "lastSeen", dir: "desc", pageSize: 25 });
    expect(seen.slice(0, 4)).toEqual(["acme", "initech", "bulk01", "bulk02"]);
    const neverSeen = [
      "globex",
      "umbrella",
      ...Array.from({ length: 15 }, (_, i) => `bulk${String(i * 4).padStart(2, "0")}`),
    ];
    expect(new Set(seen.slice(-neverSeen.length))).toEqual(new Set(neverSeen));
  });

  it("searches word prefixes of id and name, exact ids and contact email prefixes, ignoring case", async () => {
    expect(extIds(await list({ search: "ACME" }))).toEqual(["acme"]);
    expect(extIds(await list({ search: "corp" }))).toEqual(["globex"]);
    expect(extIds(await list({ search: "acme in" }))).toEqual(["acme"]);
    expect(extIds(await list({ search: "umbrella" }))).toEqual(["umbrella"]);
    expect(extIds(await list({ search: "Milton@" }))).toEqual(["initech"]);
    expect(extIds(await list({ search: "hank@globex.com" }))).toEqual(["globex"]);
    expect(extIds(await list({ search: "bulk1" }))).toHaveLength(10);
    const none = await list({ search: "nobody-here" });
    expect(none.customers).toEqual([]);
    expect(none.total).toEqual({ count: 0, exact: true });
    // Search results page and sort like the whole list does.
    const bulk = Array.from({ length: BULK }, (_, i) => `bulk${String(i).padStart(2, "0")}`);
    expect(await everyPage({ search: "customer", pageSize: 25 })).toEqual(bulk);
    expect(
      await everyPage({ search: "customer", sort: "created", dir: "desc", pageSize: 25 }),
    ).toEqual([...bulk].reverse());
    // tsquery syntax typed by a user is searched for, not interpreted
    expect((await list({ search: "a & !b | 'c' :* \\" })).customers).toEqual([]);
  });

  it("filters by several attributes at once, with typed values, counting the matches", async () => {
    const pro = await list({ filters: [{ key: "plan", value: "pro" }], pageSize: 100 });
    expect(pro.total).toEqual({ count: 2 + BULK / 3, exact: true });
    const proEu = await list({
      filters: [
        { key: "plan", value: "pro" },
        { key: "region", value: "eu" },
      ],
      pageSize: 100,
    });
    expect(extIds(proEu)).toEqual([
      "acme",
      "bulk03",
      "bulk09",
      "bulk15",
      "bulk21",
      "bulk27",
      "bulk33",
      "bulk39",
      "bulk45",
      "bulk51",
      "bulk57",
    ]);
    expect(extIds(await list({ filters: [{ key: "seats", value: 5 }] }))).toEqual([
      "acme",
      "globex",
    ]);
    expect(extIds(await list({ filters: [{ key: "seats", value: "5" }] }))).toEqual([]);
    expect(extIds(await list({ filters: [{ key: "sso", value: true }] }))).toEqual(["initech"]);
    expect(
      extIds(await list({ filters: [{ key: "plan", value: "pro" }], search: "init" })),
    ).toEqual(["initech"]);
  });

  it("rejects page sizes other than 25, 50, 100 and cursors it did not issue", async () => {
    await expect(list({ pageSize: 30 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(list({ cursor: "garbage" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const byName = await list({ pageSize: 25 });
    await expect(list({ sort: "lastSeen", cursor: byName.nextCursor! })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("customers.list totals", () => {
  it("counts the whole directory exactly and a filtered list up to 10,000 (then 10,000+)", async () => {
    const owner = await signUp(env.auth);
    const big = await createWorkspace(env.auth, owner, "Big");
    for (let i = 0; i < 10_001; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, 10_001 - i) }, (_, j) => ({
        externalId: `big-${i + j}`,
        attributes: { plan: "free" },
        contacts: [],
      }));
      await env.db.transaction((tx) => writeCustomers(tx, big.id, batch));
    }
    const caller = await callerAs(env, owner);
    const all = await caller.customers.list({ workspace: big.slug });
    expect(all.total).toEqual({ count: 10_001, exact: true });
    const free = await caller.customers.list({
      workspace: big.slug,
      filters: [{ key: "plan", value: "free" }],
    });
    expect(free.total).toEqual({ count: 10_000, exact: false });
    expect(free.customers).toHaveLength(25);
  });
});

describe("customers.attributeKeys", () => {
  it("lists attribute keys with their most common values, typed", async () => {
    const { keys, sampled, complete } = await viewer.customers.attributeKeys({ workspace: slug });
    expect({ sampled, complete }).toEqual({ sampled: BULK + 4, complete: true });
    const plan = keys.find((k) => k.key === "plan")!;
    expect(plan).toMatchObject({ customers: BULK + 4, distinctValues: 3 });
    expect(plan.values).toEqual([
      { value: "free", count: 41 },
      { value: "pro", count: 22 },
      { value: "enterprise", count: 1 },
    ]);
    expect(keys.find((k) => k.key === "seats")!.values).toEqual([{ value: 5, count: 2 }]);
    expect(keys.find((k) => k.key === "sso")!.values).toEqual([{ value: true, count: 1 }]);
    expect(keys[0].key).toMatch(/plan|region/); // the most common keys come first
  });
});

describe("customers.get", () => {
  it("shows attributes, contacts and the incidents the customer is affected by", async () => {
    const [inc] = await env.db
      .insert(incident)
      .values({ workspaceId, number: 7, title: "Checkout fails in eu", severity: "SEV2" })
      .returning();
    await env.db.insert(incidentCustomer).values({
      workspaceId,
      incidentId: inc.id,
      customerId: ids.get("initech")!,
      firstSeenAt: new Date(now - 3 * HOUR),
      lastSeenAt: new Date(now - HOUR),
      eventCount: 12,
    });
    const got = await viewer.customers.get({ workspace: slug, id: ids.get("initech")! });
    expect(got).toMatchObject({
      externalId: "initech",
      name: "Initech",
      attributes: { plan: "pro", region: "us", sso: true },
      contacts: [{ email: "bill@initech.example" }, { email: "milton@initech.example" }],
      incidents: [
        {
          number: 7,
          title: "Checkout fails in eu",
          severity: "SEV2",
          status: "investigating",
          source: "observed",
          eventCount: 12,
        },
      ],
    });
    const other = await viewer.customers.get({ workspace: slug, id: ids.get("acme")! });
    expect(other.incidents).toEqual([]);
    await expect(viewer.customers.get({ workspace: slug, id: 987654321 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
