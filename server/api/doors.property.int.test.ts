/**
 * Every /api/v1 route, knocked on with generated and hostile input as a client holding an API
 * key of workspace A with every scope, and every /api/extension/v1 route as the support
 * extension of A's admin (their agent token). Routes are found by reading app/api/v1 and
 * app/api/extension/v1 for route files and calling each exported method handler (GET, POST,
 * PUT, PATCH, DELETE) with a real
 * `Request` and real params, so a new route is covered without being listed here; ROUTE_INPUTS
 * below only shapes the query and body of the routes it knows (others get generic input).
 * For every call:
 *
 * - never a 5xx: `{"error":{"code","message"}}` with the status docs/api.md gives the code
 *   (429 with Retry-After), or a 2xx JSON answer (204: no body at all);
 * - never internal detail in the answer: SQL, driver or runtime errors, stack traces, paths;
 * - never workspace B's data, though its ids and cursors are in the input;
 * - and B's rows are unchanged after each route's runs.
 */
import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersUpsertSchema } from "@/server/customers/schema";
import {
  restCustomersQuery,
  restIncidentQuery,
  restListQuery,
} from "@/server/incidents/read-schemas";
import { eventSchema, MAX_EVENTS_PER_REQUEST } from "@/server/ingest/schema";
import { restUpdateBody } from "@/server/messaging/api";
import { MAX_IDENTIFIERS } from "@/server/extension/schemas";
import { customerHash } from "@/server/messaging/notices-api";
import {
  createAppTestEnv,
  discoverRoutes,
  routePath,
  wellFormed,
  type DiscoveredRoute,
  type HttpMethod,
} from "@/server/testing/app-routes";
import {
  asText,
  clip,
  foreignDigest,
  internalDetails,
  seedDoorsWorld,
  showsForeignData,
  type DoorsWorld,
} from "@/server/testing/doors";
import type { TestEnv } from "@/server/testing/fixtures";
import { hostileString, hostileValue, leafVariants, mutated } from "@/server/testing/hostile";
import { arbitraryFromJsonSchema, type JsonSchema } from "@/server/testing/json-schema-arbitrary";

const RUNS_PER_ROUTE = 40;

/**
 * What the known routes read, to shape their input (`METHOD template`): a schema, or an
 * arbitrary made from the world (the notices endpoint wants a key and an HMAC that match).
 */
type Shape = z.ZodType | ((world: DoorsWorld) => fc.Arbitrary<unknown>);

/** A customer as the extension names one: A's and B's contact addresses and external ids. */
const identifier = (w: DoorsWorld) =>
  fc.oneof(
    fc.record({
      kind: fc.constant("email"),
      value: fc.constantFrom(...w.known("email").map(String)),
    }),
    fc.record({
      kind: fc.constant("external_id"),
      value: fc.constantFrom(...w.known("externalId").map(String)),
    }),
  );
const incidentRef = (w: DoorsWorld) => fc.constantFrom(...w.known("incidentId").map(String));
const NOTES = ["Checkout button does nothing", "Export to CSV fails", "slow", "It is not"];
const ROUTE_INPUTS: Record<string, { query?: Shape; body?: Shape }> = {
  "GET /api/v1/incidents": { query: restListQuery },
  "GET /api/v1/incidents/[id]": { query: restIncidentQuery },
  "GET /api/v1/incidents/[id]/customers": { query: restCustomersQuery },
  "PUT /api/v1/customers": { body: customersUpsertSchema },
  "POST /api/v1/events": {
    body: z.object({ events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) }),
  },
  "POST /api/v1/incidents/[id]/updates": { body: restUpdateBody },
  // A's key with the HMAC of one of A's customers, or of B's (signed with A's secret).
  "GET /api/v1/notices": {
    query: (w) =>
      fc
        .record({
          key: fc.constant(w.a.notices.key),
          customer: fc.constantFrom(...w.a.notices.customers, ...w.known("externalId").map(String)),
        })
        .map((q) => ({ ...q, hash: customerHash(w.a.notices.secret, q.customer) })),
  },
  "POST /api/extension/v1/lookup": {
    body: (w) =>
      fc.record({
        identifiers: fc.array(identifier(w), { minLength: 1, maxLength: MAX_IDENTIFIERS }),
      }),
  },
  "POST /api/extension/v1/reports": {
    body: (w) =>
      fc.oneof(
        fc.record(
          {
            kind: fc.constant("affected"),
            incident_id: incidentRef(w),
            customer: identifier(w),
            note: fc.constantFrom(...NOTES),
            ticket_url: fc.constantFrom("https://acme.zendesk.com/agent/tickets/1", null),
          },
          { requiredKeys: ["kind", "incident_id", "customer"] },
        ),
        fc.record(
          {
            kind: fc.constant("suspected"),
            customer: identifier(w),
            note: fc.constantFrom(...NOTES),
            ticket_url: fc.constant("https://mail.google.com/mail/u/0/#inbox/1"),
          },
          { requiredKeys: ["kind", "customer", "note"] },
        ),
      ),
  },
  "POST /api/extension/v1/activity": {
    body: (w) =>
      fc.record({
        kind: fc.constant("reply_inserted"),
        incident_id: incidentRef(w),
        update_id: fc.constantFrom(...w.known("updateId").map(String)),
        customer: identifier(w),
      }),
  },
};

/** docs/api.md: each error code's status. */
const STATUS_OF: Record<string, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

const routes = [
  ...(await discoverRoutes("app/api/v1")),
  ...(await discoverRoutes("app/api/extension/v1")),
];
/** In the bad-credentials property: the valid credential of the other kind of door. */
const OTHER_DOOR = "<the other door's credential>";
/** Extension routes take the agent token; the others an API key. */
const isExtension = (route: DiscoveredRoute) => route.template.startsWith("/api/extension/");
const doors = routes.flatMap((route) =>
  (Object.keys(route.handlers) as HttpMethod[])
    .filter((m) => m !== "HEAD" && m !== "OPTIONS")
    .map((method) => [`${method} ${route.template}`, route, method] as const),
);

let env: TestEnv;
let world: DoorsWorld;

// Two workspaces through better-auth and the services: slow on a busy machine.
beforeAll(async () => {
  env = await createAppTestEnv();
  world = await seedDoorsWorld(env);
}, 180_000);
afterAll(() => env.close());

/**
 * Known values by property name. A bare `id` names a row of what the URL names: a path
 * parameter `[id]` of the segment before it (`/incidents/[id]`: an incident), a field of the
 * query or body of the route's last segment (`PUT /customers`: a customer).
 */
function known(route: DiscoveredRoute, name: string | undefined, param = false) {
  if (name === "timestamp") {
    return [new Date().toISOString(), new Date(Date.now() - 60_000).toISOString()];
  }
  if (name !== "id") return world.known(name);
  const segments = route.template.split("/");
  const owner = param
    ? segments[segments.indexOf("[id]") - 1]
    : segments.filter((s) => !s.startsWith("[")).at(-1);
  return world.known(`${owner}Id`);
}

function fromSchema(route: DiscoveredRoute, schema: Shape) {
  if (typeof schema === "function") return schema(world);
  return arbitraryFromJsonSchema(
    z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema,
    {
      known: (name) => known(route, name),
      property: world.property,
    },
  );
}

/** Valid, mutated or hostile: the usual mix for each part of a request. */
function mix(valid: fc.Arbitrary<unknown>) {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 5, arbitrary: mutated(valid, world.pools) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function params(route: DiscoveredRoute) {
  const one = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...known(route, name, true).map(String)) },
      { weight: 1, arbitrary: fc.constantFrom(...world.pools.strings) },
      { weight: 1, arbitrary: hostileString },
    );
  return fc.record(
    Object.fromEntries(
      route.params.map((p) => [
        p.name,
        p.catchAll ? fc.array(one(p.name), { minLength: 1, maxLength: 3 }) : one(p.name),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string | string[]>>;
}

/** A query as URL text: a value that is not text is sent as its JSON form, arrays repeat. */
function searchOf(q: unknown): string {
  const search = new URLSearchParams();
  const text = (v: unknown) => wellFormed(typeof v === "string" ? v : asText(v));
  if (q && typeof q === "object" && !Array.isArray(q)) {
    for (const [k, v] of Object.entries(q)) {
      for (const item of Array.isArray(v) ? v : [v]) search.append(text(k), text(item));
    }
  } else if (q !== undefined) search.append(text(q), "");
  return search.toString();
}

/** What each part of a request to this door looks like when it is valid. */
function validParts(label: string, route: DiscoveredRoute) {
  const shape = ROUTE_INPUTS[label];
  return {
    query: shape?.query
      ? fromSchema(route, shape.query)
      : fc.dictionary(
          fc.oneof(fc.constantFrom("limit", "cursor", "status", "minutes", "sort"), hostileString),
          hostileString,
          { maxKeys: 3 },
        ),
    body: shape?.body ? fromSchema(route, shape.body) : fc.jsonValue(),
  };
}

const OVER_A_MIB = `{"events":[${'"x",'.repeat(300_000)}"x"]}`;

/** Bodies: JSON of a (mutated) value, text that is not JSON, bytes that are not UTF-8, too much. */
function body(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 16, arbitrary: mix(valid).map(asText) },
    { weight: 1, arbitrary: hostileString },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | Uint8Array>(
        "",
        "{",
        '{"events":[}',
        new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
        OVER_A_MIB,
      ),
    },
  );
}

interface Parts {
  params: Record<string, string | string[]>;
  query: string;
  body?: string | Uint8Array;
}

function requests(label: string, route: DiscoveredRoute, method: HttpMethod) {
  const valid = validParts(label, route);
  return fc.record({
    params: params(route),
    query: mix(valid.query).map(searchOf),
    body: method === "GET" ? fc.constant(undefined) : body(valid.body),
  }) as fc.Arbitrary<Parts>;
}

/** Tried on every run besides the random requests: each leaf of a valid query and body spoilt. */
function spoiltLeaves(label: string, route: DiscoveredRoute, method: HttpMethod): [Parts][] {
  const valid = validParts(label, route);
  // A's own rows come first among the known values.
  const params = Object.fromEntries(
    route.params.map((p) => {
      const value = String(known(route, p.name, true)[0]);
      return [p.name, p.catchAll ? [value] : value];
    }),
  );
  const [query] = fc.sample(valid.query, { numRuns: 1, seed: 1 });
  const [body] = fc.sample(valid.body, { numRuns: 1, seed: 1 });
  const send = (q: unknown, b: unknown): [Parts] => [
    { params, query: searchOf(q), body: method === "GET" ? undefined : asText(b) },
  ];
  return [
    ...leafVariants(query).map((q) => send(q, body)),
    ...(method === "GET" ? [] : leafVariants(body).map((b) => send(query, b))),
  ];
}

function checkAnswer(where: string, res: Response, text: string, input: string): boolean {
  expect(res.status, where).toBeLessThan(500);
  if (res.status === 204) {
    expect(text, where).toBe("");
    return true;
  }
  expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
  const answer = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  if (res.status >= 400) {
    const { code, message } = answer.error ?? {};
    expect(typeof code === "string" && STATUS_OF[code], where).toBe(res.status);
    expect(typeof message === "string" && message.trim().length > 0, where).toBe(true);
    if (res.status === 429) expect(res.headers.get("retry-after"), where).toMatch(/^\d+$/);
  } else {
    expect(answer.error, where).toBeUndefined();
  }
  expect(internalDetails(text, input), where).toEqual([]);
  expect(showsForeignData(text), `${where}\n…shows workspace B's data`).toBe(false);
  return ![400, 401].includes(res.status);
}

/** A request to a door with these parts, sent to its handler as Next.js would. */
async function send(
  route: DiscoveredRoute,
  method: HttpMethod,
  parts: Parts,
  headers: Record<string, string> = {
    authorization: `Bearer ${isExtension(route) ? world.a.extensionToken : world.a.apiKey}`,
  },
) {
  const url = `http://localhost${routePath(route, parts.params)}${parts.query ? `?${parts.query}` : ""}`;
  const req = new Request(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: parts.body as BodyInit | undefined,
  });
  // Next.js hands route handlers the decoded path segments.
  const params = Object.fromEntries(
    Object.entries(parts.params).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(wellFormed) : wellFormed(v),
    ]),
  );
  const res = await route.handlers[method]!(req, { params: Promise.resolve(params) });
  return { url, res, text: await res.text() };
}

describe("every /api/v1 and /api/extension/v1 route", () => {
  it("is found by reading app/api/v1 and app/api/extension/v1", () => {
    expect(doors.map(([label]) => label)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/events",
        "GET /api/v1/incidents/[id]/customers",
        "GET /api/extension/v1/me",
        "POST /api/extension/v1/lookup",
        "POST /api/extension/v1/reports",
        "POST /api/extension/v1/activity",
      ]),
    );
  });

  it("is called with workspace A's key, on the test database", async () => {
    const list = routes.find((r) => r.template === "/api/v1/incidents")!;
    const { res, text } = await send(list, "GET", { params: {}, query: "status=all" });
    expect(res.status, text).toBe(200);
    expect(
      JSON.parse(text)
        .data.map((i: { title: string }) => i.title)
        .sort(),
    ).toEqual(["Acme checkout outage", "Acme old incident"]);
  });

  it.each(doors)(
    "%s: a client error or data, never a 5xx, internal detail or workspace B",
    async (label, route, method) => {
      const before = await foreignDigest(world);
      let reached = 0;
      const examples = spoiltLeaves(label, route, method); // they count as runs: add them
      await fc.assert(
        fc.asyncProperty(requests(label, route, method), async (parts) => {
          const { url, res, text } = await send(route, method, parts);
          const { params, query, body } = parts;
          const sent = asText({ params, query, body: typeof body === "string" ? body : null });
          const where = `${label} ${clip(url, 200)} answered ${res.status}: ${clip(text)}`;
          if (checkAnswer(where, res, text, sent)) reached++;
        }),
        { numRuns: RUNS_PER_ROUTE + examples.length, examples },
      );
      expect(await foreignDigest(world), `${label} changed workspace B's rows`).toBe(before);
      expect(
        reached,
        `no input got past ${label}'s validation: do the generators fit it?`,
      ).toBeGreaterThan(0);
    },
  );

  it("answers keys that are missing, malformed or not A's with 401, 403 or 429 in the same shape", async () => {
    // Last: an address that sends 60 bad keys in a minute is refused for the rest of it.
    const revoked = `${world.a.apiKey}x`;
    const authorization = fc.oneof(
      fc.constantFrom(
        "",
        "Bearer",
        "Bearer ",
        `Basic ${world.a.apiKey}`,
        OTHER_DOOR,
        `Bearer ${world.a.extensionToken}x`,
        `Bearer ${revoked}`,
        `Bearer ${world.a.apiKey} extra`,
        `Bearer ${"k".repeat(10_000)}`,
      ),
      // Header values are bytes: what a client can send of each hostile string.
      hostileString.map((s) => `Bearer ${s.replace(/[^\x21-\xff]/g, "?")}`),
    );
    const door = fc.constantFrom(...doors.map(([label]) => label));
    await fc.assert(
      fc.asyncProperty(door, authorization, async (label, auth) => {
        const [, route, method] = doors.find(([l]) => l === label)!;
        // Each door's own credential is refused at the other: API keys and agent tokens are apart.
        if (auth === OTHER_DOOR) {
          auth = `Bearer ${isExtension(route) ? world.a.apiKey : world.a.extensionToken}`;
        }
        const params = Object.fromEntries(route.params.map((p) => [p.name, "INC-1"]));
        const { res, text } = await send(
          route,
          method,
          { params, query: "", body: method === "GET" ? undefined : "{}" },
          auth ? { authorization: auth } : {},
        );
        const where = `${label} with "${clip(auth, 60)}" answered ${res.status}: ${clip(text)}`;
        checkAnswer(where, res, text, auth);
        expect([401, 403, 429], where).toContain(res.status);
      }),
      { numRuns: 30 },
    );
  });
});
