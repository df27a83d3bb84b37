/** Whatever is typed into the search box or sent as a cursor, the list answers or says "invalid". */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DomainError } from "@/server/errors";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { listCustomers } from "./list";
import { upsertCustomers } from "./upsert";

let env: TestEnv;
let ws: string;
beforeAll(async () => {
  env = await createTestEnv();
  ws = (await createWorkspace(env.auth, await signUp(env.auth))).id;
  await upsertCustomers(env.db, ws, [
    { id: "o'neil", name: "O'Neil & Sons: \\ Ltd", contacts: [{ email: "o.neil@sons.io" }] },
    { id: "plain", name: "Plain Co" },
  ]);
});
afterAll(() => env.close());

const typed = fc.string({
  unit: fc.constantFrom(
    "a",
    "o",
    "'",
    "&",
    "|",
    "!",
    ":",
    "*",
    "(",
    ")",
    "<",
    ">",
    "-",
    "\\",
    " ",
    "%",
    "_",
    "@",
    "\u0000",
    "\ud800",
    "😀",
  ),
  maxLength: 16,
});

describe("customers list input properties", () => {
  it("never fails on search text, filters or cursors other than with a validation error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(typed, fc.string({ maxLength: 30 })),
        fc.option(fc.oneof(typed, fc.base64String({ maxLength: 40 })), { nil: undefined }),
        fc.constantFrom("name", "externalId", "lastSeen", "created") as fc.Arbitrary<"name">,
        async (search, cursor, sort) => {
          try {
            const page = await listCustomers(env.db, ws, { search, cursor, sort });
            expect(page.customers.length).toBeLessThanOrEqual(2);
          } catch (err) {
            expect(err instanceof DomainError || err instanceof ZodError).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("finds names with quote and tsquery characters by their words", async () => {
    const page = await listCustomers(env.db, ws, { search: "o'neil" });
    expect(page.customers.map((c) => c.externalId)).toEqual(["o'neil"]);
    expect((await listCustomers(env.db, ws, { search: "sons" })).customers).toHaveLength(1);
  });
});
