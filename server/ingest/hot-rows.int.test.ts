import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedQuery, type OpenDb } from "@/db/client";
import { createTestDb, testDriver } from "@/server/testing/db";
import { hotRows, queryRows } from "./sql";

describe("hotRows", () => {
  let open: OpenDb;
  beforeAll(async () => {
    open = await createTestDb();
  });
  afterAll(() => open.close());

  const statement = (name: string) => sql`
    select ${name}::text as name, 42::int as n, true as ok,
           array['a', ${name}]::text[] as tags, null::text as nothing`;

  it("answers what queryRows answers, parameters and arrays included", async () => {
    const hot = await hotRows(open.db, statement("it's ünïcode"));
    expect(hot).toEqual(await queryRows(open.db, statement("it's ünïcode")));
    expect(hot).toEqual([
      { name: "it's ünïcode", n: 42, ok: true, tags: ["a", "it's ünïcode"], nothing: null },
    ]);
  });

  it("goes straight to PGlite's client on the embedded database only, never inside a transaction", async () => {
    expect(embeddedQuery(open.db) !== null).toBe(testDriver() === "pglite");
    await open.db.transaction(async (tx) => {
      expect(embeddedQuery(tx)).toBeNull();
      expect(await hotRows(tx, statement("x"))).toHaveLength(1);
    });
  });
});
