/**
 * Property tests for PUT /api/v1/customers: whatever arrives — arbitrary JSON, text that is
 * not JSON, customers with wrong types, NUL characters, lone surrogates — the answer is never
 * a 5xx, a 400 stores nothing, and a 200 stores every customer of the batch.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createApiKey } from "@/server/apikeys";
import { createTestEnv, createWorkspace, signUp, type TestEnv } from "@/server/testing/fixtures";
import { putCustomers } from "./api";
import { rowsOf } from "./sql";

let env: TestEnv;
let ws: string;
let key: string;

beforeAll(async () => {
  env = await createTestEnv();
  ws = (await createWorkspace(env.auth, await signUp(env.auth))).id;
  key = (
    await createApiKey(env.db, { workspaceId: ws, name: "p", scopes: ["ingest"], createdBy: null })
  ).key;
});
afterAll(() => env.close());

/** A fingerprint of everything stored for the workspace. */
async function snapshot(): Promise<string> {
  const [row] = rowsOf<{ h: string | null }>(
    await env.db.execute(sql`
      select md5(coalesce((select string_agg(c.external_id || '|' || coalesce(c.name, '') || '|' ||
        c.attributes::text || '|' || coalesce(c.last_seen_at::text, ''), ',' order by c.external_id)
        from customer c where c.workspace_id = ${ws}), '') || '#' ||
        coalesce((select string_agg(k.customer_id || k.email || coalesce(k.name, '') ||
        coalesce(k.locale, ''), ',' order by k.customer_id, k.email)
        from contact k where k.workspace_id = ${ws}), '')) as h`),
  );
  return row.h ?? "";
}

async function storedIds(ids: string[]): Promise<Set<string>> {
  const rows = rowsOf<{ external_id: string }>(
    await env.db.execute(sql`
      select external_id from customer where workspace_id = ${ws}
        and external_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`),
  );
  return new Set(rows.map((r) => r.external_id));
}

function put(body: string) {
  return putCustomers(
    env.db,
    new Request("http://localhost/api/v1/customers", {
      method: "PUT",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    }),
  );
}

// Characters that have broken databases before: NUL, lone surrogates, astral, combining marks.
const nasty = fc.string({
  unit: fc.constantFrom(
    "a",
    "Z",
    "0",
    "-",
    "_",
    ".",
    " ",
    "é",
    "\u0000",
    "\ud800",
    "\udc00",
    "😀",
    "\u0301",
    "%",
    "'",
    "\\",
  ),
  maxLength: 12,
});
const text = fc.oneof(fc.string({ maxLength: 20 }), nasty);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const attrKey = fc.oneof(fc.stringMatching(/^[a-z_.-]{1,12}$/), text, fc.constant("k".repeat(65)));
const contactLike = fc.record(
  {
    email: fc.oneof(fc.emailAddress(), text, fc.integer()),
    name: text,
    locale: fc.oneof(fc.constantFrom("en", "de-DE", "pt-BR", "zh-Hant-TW"), text),
  },
  { requiredKeys: [] },
);
const customerLike = fc.record(
  {
    id: fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,8}$/),
      text,
      fc.integer(),
      fc.double(),
      fc.constant(null),
    ),
    name: fc.oneof(text, fc.integer()),
    attributes: fc.oneof(
      fc.dictionary(attrKey, fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })), { maxKeys: 6 }),
      scalar,
    ),
    contacts: fc.oneof(fc.array(contactLike, { maxLength: 3 }), scalar),
    extra: scalar,
  },
  { requiredKeys: [] },
);
const mostlyValid = fc.record({
  id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  name: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,9}$/),
  attributes: fc.dictionary(
    fc.stringMatching(/^[a-z_]{1,8}$/),
    fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()),
    { maxKeys: 4 },
  ),
  contacts: fc.array(
    fc.record({ email: fc.stringMatching(/^[a-z0-9]{1,8}@[a-z]{1,8}\.(com|io)$/) }),
    {
      maxLength: 2,
    },
  ),
});

/** Valid in shape, with text that PostgreSQL may refuse in the name and the attribute values. */
const validButNasty = fc.record({
  id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  name: nasty.filter((s) => s.trim().length > 0),
  attributes: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), nasty, { maxKeys: 3 }),
});

const bodies = fc.oneof(
  fc
    .record({ customers: fc.array(validButNasty, { minLength: 1, maxLength: 3 }) })
    .map((b) => JSON.stringify(b)),
  fc
    .record({ customers: fc.array(fc.oneof(customerLike, mostlyValid), { maxLength: 6 }) })
    .map((b) => JSON.stringify(b)),
  fc
    .record({ customers: fc.array(mostlyValid, { minLength: 1, maxLength: 6 }) })
    .map((b) => JSON.stringify(b)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.anything().map((v) => JSON.stringify(v) ?? "undefined"),
  fc.string({ maxLength: 40 }),
  nasty,
);

describe("PUT /api/v1/customers properties", () => {
  it("never answers 5xx and never leaves a partial write", async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const before = await snapshot();
        const res = await put(body);
        expect(res.status).toBeLessThan(500);
        const answer = await res.json();
        if (res.status === 200) {
          const sent = (JSON.parse(body) as { customers: { id: string | number }[] }).customers.map(
            (c) => String(c.id).trim(),
          );
          expect(await storedIds(sent)).toEqual(new Set(sent));
          expect(answer.created + answer.updated).toBeLessThanOrEqual(sent.length);
        } else {
          expect(answer.error.code).toBe("invalid");
          expect(await snapshot()).toBe(before);
        }
      }),
      { numRuns: 250 },
    );
  });

  it("answers the same batch twice with nothing created or updated the second time", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mostlyValid, { minLength: 1, maxLength: 8 }), async (customers) => {
        const body = JSON.stringify({ customers });
        expect((await put(body)).status).toBe(200);
        const state = await snapshot();
        expect(await (await put(body)).json()).toEqual({ created: 0, updated: 0 });
        expect(await snapshot()).toBe(state);
      }),
      { numRuns: 60 },
    );
  });
});
