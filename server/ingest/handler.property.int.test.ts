/**
 * Property-based tests of POST /api/v1/events: whatever arrives — arbitrary JSON, broken
 * text, events with wrong or hostile fields, bad keys — the answer is never a 5xx, and the
 * database changes by exactly what the answer says: nothing for 400/401/413, and exactly
 * `accepted` new events for 202.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { postEvents } from "./handler";
import { eventsRequest, makeEvent, tableCounts, workspaceWithKeys } from "./test-helpers";

let env: TestEnv;
let key: string;
let readKey: string;

beforeAll(async () => {
  env = await createTestEnv();
  ({ ingestKey: key, readKey } = await workspaceWithKeys(env));
});
afterAll(() => env.close());

async function send(body: string, withKey: string | null = key) {
  const before = await tableCounts(env.db);
  const res = await postEvents(env.db, eventsRequest(body, withKey ?? undefined));
  const json = await res.json();
  const after = await tableCounts(env.db);
  return { status: res.status, json, before, after };
}

/** Strings PostgreSQL or the parser may choke on, mixed with ordinary ones. */
const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udc00x",
    "💥",
    "'; drop table event; --",
  ),
);
const attributeValue = fc.oneof(
  nasty,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
);
const attributes = fc.dictionary(nasty, attributeValue, { maxKeys: 5 });
const timestamp = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2026-01-01T00:00:00+05:30", "2026-01-01", "2026-01-01T00:00:00", "now"),
  nasty,
);
const eventish = fc.record(
  {
    id: fc.oneof(nasty, fc.uuid(), fc.integer()),
    timestamp,
    service: nasty,
    error: fc.oneof(fc.record({ type: nasty, message: nasty }), fc.anything({ maxDepth: 1 })),
    fingerprint: fc.option(nasty),
    customer: fc.oneof(
      fc.record(
        {
          id: fc.oneof(nasty, fc.integer(), fc.double()),
          email: fc.oneof(fc.emailAddress(), nasty),
          name: nasty,
          attributes,
        },
        { requiredKeys: ["id"] },
      ),
      fc.anything({ maxDepth: 1 }),
    ),
    attributes,
  },
  { requiredKeys: [] },
);
/** Mostly valid events with one field replaced by something arbitrary. */
const mutatedValid = fc
  .tuple(
    fc.constantFrom("id", "timestamp", "service", "error", "customer", "attributes", "fingerprint"),
    fc.anything({ maxDepth: 2 }),
  )
  .map(([field, value]) => ({ ...makeEvent(), [field]: value }));

/** Valid events with one text field (or attribute name or value) replaced by a nasty string. */
const validWithNastyText = fc.tuple(fc.integer({ min: 0, max: 8 }), nasty).map(([slot, text]) => {
  const e = makeEvent({ customer: { id: "cus-nasty", attributes: { plan: "pro" } } });
  const c = e.customer as { id: string; name?: string; attributes: Record<string, unknown> };
  [
    () => (e.id = `${e.id}${text}`),
    () => (e.service = text),
    () => (e.error = { type: text, message: "m" }),
    () => (e.error = { type: "T", message: text }),
    () => (e.fingerprint = text),
    () => (c.id = text),
    () => (c.name = text),
    () => (c.attributes = { [text]: "v" }),
    () => (e.attributes = { browser: text }),
  ][slot]();
  return e;
});

const runs = { numRuns: 60 };

function expectConsistent(r: Awaited<ReturnType<typeof send>>, eventsSent?: number) {
  expect(r.status).toBeLessThan(500);
  if (r.status === 202) {
    const { accepted, duplicates, rejected } = r.json;
    if (eventsSent !== undefined) expect(accepted + duplicates + rejected.length).toBe(eventsSent);
    expect(r.after.event - r.before.event).toBe(accepted);
  } else {
    expect([400, 401, 413]).toContain(r.status);
    expect(r.json.error.code).toMatch(/^(invalid|unauthorized|payload_too_large)$/);
    expect(typeof r.json.error.message).toBe("string");
    expect(r.after).toEqual(r.before);
  }
}

describe("POST /api/v1/events under arbitrary input", () => {
  it("answers arbitrary JSON documents with 202 or 400, never a partial write", async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (body) => expectConsistent(await send(body))),
      runs,
    );
  });

  it("answers broken JSON text with 400 and stores nothing", async () => {
    const valid = JSON.stringify({ events: [makeEvent(), makeEvent()] });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: valid.length - 1 }), nasty, async (cut, junk) => {
        const r = await send(valid.slice(0, cut) + junk);
        expectConsistent(r);
      }),
      runs,
    );
  });

  it("accepts the valid events of arbitrary batches and rejects the rest by index", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            eventish,
            mutatedValid,
            validWithNastyText,
            fc.constant(null).map(() => makeEvent()),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        async (events) => {
          const r = await send(JSON.stringify({ events }));
          expect(r.status).toBe(202);
          expectConsistent(r, events.length);
          for (const { index } of r.json.rejected) expect(index).toBeLessThan(events.length);
        },
      ),
      runs,
    );
  });

  it("stores nothing for requests without a valid ingest key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant(null),
          fc.stringMatching(/^[\x21-\x7e]{0,60}$/),
          fc.constant(`${key}x`),
          fc.constant(readKey),
        ),
        async (badKey) => {
          const r = await send(JSON.stringify({ events: [makeEvent()] }), badKey);
          expect([401, 403]).toContain(r.status);
          expect(r.after).toEqual(r.before);
        },
      ),
      { numRuns: 30 },
    );
  });
});
