/**
 * Every tRPC procedure, knocked on with generated and hostile input through the app's own
 * HTTP door (app/api/trpc/[trpc]/route.ts, superjson on the wire), as a signed-in admin of
 * workspace A. Procedures are found by walking `appRouter._def.procedures`, and inputs are
 * generated from each one's zod input schemas, so a new procedure is covered without being
 * listed here. For every call:
 *
 * - never a 5xx: a client error (with its code, a message and the matching HTTP status) or data;
 * - never internal detail in the answer: SQL, driver or runtime errors, stack traces, paths;
 * - never workspace B's data, though its ids, numbers and cursors are in the input;
 * - and B's rows are unchanged after each procedure's runs.
 */
import fc from "fast-check";
import superjson from "superjson";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyProcedure } from "@trpc/server";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { createAppTestEnv } from "@/server/testing/app-routes";
import {
  asText,
  clip,
  foreignDigest,
  internalDetails,
  restoreAdmin,
  seedDoorsWorld,
  showsForeignData,
  type DoorsWorld,
} from "@/server/testing/doors";
import { hostileString, hostileValue, leafVariants, mutated } from "@/server/testing/hostile";
import {
  arbitraryFromJsonSchema,
  mergeObjectSchemas,
  type JsonSchema,
} from "@/server/testing/json-schema-arbitrary";
import type { TestEnv } from "@/server/testing/fixtures";
import { appRouter } from "./root";

const RUNS_PER_PROCEDURE = 25;

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, AnyProcedure>,
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
 * Valid input from the procedure's schemas. Known ids are picked by property name; a bare
 * `id` names a row of the procedure's router (`segments.remove({ id })`: a segment).
 */
function validInput(path: string, procedure: AnyProcedure): fc.Arbitrary<unknown> {
  const router = path.split(".").at(-2) ?? "";
  const parsers = (procedure._def as unknown as { inputs: z.ZodType[] }).inputs;
  if (!parsers.length) return fc.constant(undefined);
  const schemas = parsers.map(
    (p) => z.toJSONSchema(p, { io: "input", unrepresentable: "any" }) as JsonSchema,
  );
  return arbitraryFromJsonSchema(mergeObjectSchemas(schemas), {
    known: (name) => world.known(name === "id" ? `${router}Id` : name),
    property: world.property,
  });
}

/** Valid input, the same mutated, or any hostile value at all. */
const anyInput = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 5, arbitrary: mutated(valid, world.pools) },
    { weight: 1, arbitrary: hostileValue },
  );

/**
 * Tried on every run besides the random inputs: a few generated inputs that the procedure's
 * own schemas accept. JSON Schema cannot say a refinement ("either id or name"), so a random
 * run may not get one past the door; these do, every time (a fixed seed).
 */
async function acceptedInputs(
  valid: fc.Arbitrary<unknown>,
  procedure: AnyProcedure,
): Promise<[unknown][]> {
  const parsers = (procedure._def as unknown as { inputs: z.ZodType[] }).inputs;
  const accepted: [unknown][] = [];
  for (const input of fc.sample(valid, { numRuns: 40, seed: 2 })) {
    const results = await Promise.all(parsers.map((p) => p.safeParseAsync(input)));
    if (results.every((r) => r.success)) accepted.push([input]);
    if (accepted.length === 2) break;
  }
  return accepted;
}

/** Tried on every run besides the random inputs: each leaf of a valid input spoilt. */
const spoiltLeaves = (valid: fc.Arbitrary<unknown>): [unknown][] =>
  fc
    .sample(valid, { numRuns: 2, seed: 1 })
    .flatMap(leafVariants)
    .map((input) => [input]);

/** The input as a tRPC client puts it on the wire; raw JSON where superjson refuses it. */
function wire(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return asText({ json: input }); // e.g. an own `__proto__` key, refused by superjson
  }
}

/**
 * Superjson as a client could craft it: not JSON, or JSON with `meta` annotations that name
 * paths that are not there, types that do not exist, or an object's prototype.
 */
const craftedWire = fc.oneof(
  hostileString,
  fc.constantFrom(
    "{",
    "null",
    '{"json":',
    '{"meta":{}}',
    '{"json":{"workspace":"ws"},"meta":{"values":"x"}}',
    '{"json":{"workspace":"ws"},"meta":{"values":{"workspace":["bigint"]}}}',
    '{"json":{"workspace":"ws"},"meta":{"values":{"workspace":[["custom","nope"]]}}}',
    '{"json":{"workspace":"ws"},"meta":{"values":{"__proto__.polluted":["undefined"]}}}',
    '{"json":{},"meta":{"values":{"constructor.prototype.polluted":["undefined"]}}}',
    '{"json":{"workspace":"ws"},"meta":{"referentialEqualities":{"workspace":["a.b.c"]}}}',
  ),
  fc
    .record({
      json: fc.jsonValue({ maxDepth: 2 }),
      meta: fc.record({
        values: fc.dictionary(
          fc.oneof(fc.constantFrom("workspace", "__proto__", "a.b", ""), fc.string()),
          fc.oneof(
            fc.constantFrom("undefined", "bigint", "Date", "regexp", "set", "map", "number"),
            fc.jsonValue({ maxDepth: 1 }),
          ),
        ),
      }),
    })
    .map((w) => JSON.stringify(w)),
);

/** Calls a procedure through the app's tRPC route with this input, as the client sends it. */
async function call(
  path: string,
  type: string,
  input: unknown,
  raw = input === undefined ? undefined : wire(input),
) {
  const url = new URL(`http://localhost/api/trpc/${path}`);
  const headers = new Headers(world.a.admin.headers);
  let res: Response;
  if (type === "query") {
    if (raw !== undefined) url.searchParams.set("input", raw);
    res = await GET(new Request(url, { headers }));
  } else {
    headers.set("content-type", "application/json");
    res = await POST(new Request(url, { method: "POST", headers, body: raw ?? "" }));
  }
  return { status: res.status, text: await res.text() };
}

interface ErrorShape {
  message: unknown;
  code: unknown;
  data: { code: unknown; httpStatus: unknown; [k: string]: unknown };
}

/**
 * Checks one answer; says whether the call got past the door (signed in, a member, input
 * accepted), so that a generator that stops fitting the schemas is noticed.
 */
function checkAnswer(path: string, input: unknown, status: number, text: string): boolean {
  const inputText = asText(input);
  const where = `${path} answered ${status}: ${clip(text)}`;
  expect(status, where).toBeLessThan(500);
  const body = JSON.parse(text) as { result?: unknown; error?: { json: ErrorShape } };
  const error = body.error?.json;
  if (error) {
    const { message, code, data } = error;
    expect(typeof message === "string" && message.trim().length > 0, where).toBe(true);
    expect(typeof code, where).toBe("number");
    expect(data.httpStatus, where).toBe(status);
    expect(data.code, where).not.toBe("INTERNAL_SERVER_ERROR");
    expect(internalDetails(`${message}\n${text}`, inputText), where).toEqual([]);
  } else {
    expect(status, where).toBe(200);
    expect(body.result, where).toBeDefined();
    expect(internalDetails(text, inputText), where).toEqual([]);
  }
  expect(showsForeignData(text), `${where}\n…shows workspace B's data`).toBe(false);
  const stoppedAtTheDoor =
    error !== undefined &&
    (error.data.code === "UNAUTHORIZED" ||
      error.message === "Workspace not found." ||
      (error.data.code === "BAD_REQUEST" && Array.isArray(error.data.zodIssues)));
  return !stoppedAtTheDoor;
}

describe("every tRPC procedure", () => {
  it("is found by walking the router", () => {
    expect(procedures.length).toBeGreaterThan(40);
    expect(procedures.map(([p]) => p)).toContain("incidents.customers");
  });

  it("is called as a signed-in admin of workspace A", async () => {
    const { status, text } = await call("workspace.get", "query", {
      workspace: world.a.workspace.slug,
    });
    expect(status, text).toBe(200);
    expect(superjson.parse(JSON.stringify(JSON.parse(text).result.data))).toMatchObject({
      slug: world.a.workspace.slug,
      role: "admin",
    });
  });

  it.each(procedures)(
    "%s: a client error or data, never a 5xx, internal detail or workspace B",
    async (path, procedure) => {
      const before = await foreignDigest(world);
      const type = procedure._def.type;
      let reached = 0;
      const valid = validInput(path, procedure);
      // They count as runs: add them.
      const examples = [...(await acceptedInputs(valid, procedure)), ...spoiltLeaves(valid)];
      await fc.assert(
        fc.asyncProperty(anyInput(valid), async (input) => {
          try {
            const { status, text } = await call(path, type, input);
            if (checkAnswer(path, input, status, text)) reached++;
          } finally {
            if (type === "mutation") await restoreAdmin(world);
          }
        }),
        { numRuns: RUNS_PER_PROCEDURE + examples.length, examples },
      );
      expect(await foreignDigest(world), `${path} changed workspace B's rows`).toBe(before);
      expect(
        reached,
        `no input got past ${path}'s validation: do the generators fit it?`,
      ).toBeGreaterThan(0);
    },
  );

  it("answers crafted superjson on the wire with a client error, never a 5xx", async () => {
    const before = await foreignDigest(world);
    const types = new Map(procedures.map(([path, p]) => [path, p._def.type]));
    const slug = JSON.stringify(world.a.workspace.slug);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types.keys()), craftedWire, async (path, raw) => {
        const type = types.get(path)!;
        try {
          const { status, text } = await call(path, type, undefined, raw.replace(/"ws"/g, slug));
          checkAnswer(path, raw, status, text);
        } finally {
          if (type === "mutation") await restoreAdmin(world);
        }
      }),
      { numRuns: 60 },
    );
    expect(await foreignDigest(world)).toBe(before);
  });
});
