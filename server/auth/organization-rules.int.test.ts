/**
 * A workspace's name and slug follow the app's rules whichever way it is made or renamed:
 * better-auth's organization routes are not served over HTTP, and its server API (which the
 * app's services call) refuses what the onboarding form would refuse, with the same message.
 */
import { eq } from "drizzle-orm";
import { isAPIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organization } from "@/db/schema";
import { appUrl } from "@/server/env";
import {
  createTestEnv,
  createWorkspace,
  signUp,
  unique,
  type TestEnv,
  type TestUser,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

/** A request to better-auth's handler exactly as the signed-in browser would send it. */
function request(user: TestUser, method: "GET" | "POST", path: string, body?: unknown) {
  return env.auth.handler(
    new Request(`${appUrl()}/api/auth${path}`, {
      method,
      headers: {
        cookie: user.headers.get("cookie")!,
        origin: appUrl(),
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

const storedBySlug = async (slug: string) =>
  env.db.select().from(organization).where(eq(organization.slug, slug));

/** What the server API threw: its HTTP status and message. */
async function refusal(call: Promise<unknown>) {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAPIError(err)) throw new Error(`expected a better-auth APIError, got ${String(err)}`);
  return { status: err.statusCode, message: err.body?.message };
}

const LOWERCASE = "Use lowercase letters, digits and single hyphens (not at the start or end).";

describe("better-auth's organization routes over HTTP", () => {
  it("POST /api/auth/organization/create and /update answer 404 and store nothing", async () => {
    const user = await signUp(env.auth);
    const existing = await createWorkspace(env.auth, user, "Acme");
    const upper = existing.slug.toUpperCase();

    const bad = [
      { name: "Acme again", slug: upper },
      { name: "Traversal", slug: "a/b/../c?x" },
      { name: "n".repeat(5000), slug: unique("long") },
      { name: "Fine name", slug: unique("fine") }, // even a good one: the app never uses it
    ];
    for (const body of bad) {
      for (const path of ["/organization/create", "/organization/create/"]) {
        const res = await request(user, "POST", path, body);
        expect(res.status, `${path} ${body.slug}`).toBe(404);
      }
      expect(await storedBySlug(body.slug), body.slug).toEqual([]);

      const res = await request(user, "POST", "/organization/update", {
        organizationId: existing.id,
        data: body,
      });
      expect(res.status, `update ${body.slug}`).toBe(404);
    }
    const [row] = await storedBySlug(existing.slug);
    expect(row).toMatchObject({ id: existing.id, name: "Acme", slug: existing.slug });
  });

  it("does not tell which slugs exist (check-slug, get-organization, set-active)", async () => {
    const owner = await signUp(env.auth);
    const taken = await createWorkspace(env.auth, owner);
    const stranger = await signUp(env.auth);
    for (const slug of [taken.slug, unique("free")]) {
      const answers = [
        await request(stranger, "POST", "/organization/check-slug", { slug }),
        await request(stranger, "GET", `/organization/get-organization?organizationSlug=${slug}`),
        await request(stranger, "POST", "/organization/set-active", { organizationSlug: slug }),
      ];
      expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
    }
  });

  it("still serves the rest of /api/auth", async () => {
    const user = await signUp(env.auth);
    const res = await request(user, "GET", "/get-session");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: user.email } });
  });
});

describe("better-auth's organization server API", () => {
  it("refuses a bad name or slug on create with a 400 and the app's message", async () => {
    const user = await signUp(env.auth);
    const existing = await createWorkspace(env.auth, user, "Acme");
    const long = "n".repeat(5000);
    const cases = [
      { body: { name: "Acme", slug: existing.slug.toUpperCase() }, message: LOWERCASE },
      { body: { name: "Traversal", slug: "a/b/../c?x" }, message: LOWERCASE },
      { body: { name: "Short", slug: "ab" }, message: "URL must be at least 3 characters." },
      {
        body: { name: long, slug: unique("long") },
        message: "Name must be at most 60 characters.",
      },
      {
        body: { name: "x", slug: unique("short") },
        message: "Name must be at least 2 characters.",
      },
      {
        body: { name: "   ", slug: unique("blank") },
        message: "Name must be at least 2 characters.",
      },
      // Taken once trimmed, though better-auth looked up the untrimmed slug.
      {
        body: { name: "Acme", slug: ` ${existing.slug} ` },
        message: `The URL /w/${existing.slug} is already taken. Choose another.`,
      },
    ];
    for (const { body, message } of cases) {
      const answer = await refusal(
        env.auth.api.createOrganization({ body, headers: user.headers }),
      );
      expect(answer, body.slug).toEqual({ status: 400, message });
      expect(await storedBySlug(body.slug.trim().toLowerCase()), body.slug).toHaveLength(
        body.slug.trim().toLowerCase() === existing.slug ? 1 : 0,
      );
    }
    const names = await env.db.select({ name: organization.name }).from(organization);
    expect(names.some((n) => n.name === long)).toBe(false);
  });

  it("stores a good name and slug trimmed", async () => {
    const user = await signUp(env.auth);
    const slug = unique("trim");
    const org = await env.auth.api.createOrganization({
      body: { name: "  Globex Field Ops  ", slug: `  ${slug}  ` },
      headers: user.headers,
    });
    expect(org).toMatchObject({ name: "Globex Field Ops", slug });
  });

  it("refuses a bad name or slug on update with a 400 and changes nothing", async () => {
    const user = await signUp(env.auth);
    const mine = await createWorkspace(env.auth, user, "Mine");
    const other = await createWorkspace(env.auth, await signUp(env.auth), "Other");
    const cases = [
      { data: { slug: mine.slug.toUpperCase() }, message: LOWERCASE },
      { data: { slug: "a/b/../c?x" }, message: LOWERCASE },
      { data: { name: "n".repeat(5000) }, message: "Name must be at most 60 characters." },
      {
        data: { slug: ` ${other.slug}` },
        message: `The URL /w/${other.slug} is already taken. Choose another.`,
      },
    ];
    for (const { data, message } of cases) {
      const answer = await refusal(
        env.auth.api.updateOrganization({
          body: { organizationId: mine.id, data },
          headers: user.headers,
        }),
      );
      expect(answer, JSON.stringify(data).slice(0, 60)).toEqual({ status: 400, message });
    }
    const [row] = await env.db.select().from(organization).where(eq(organization.id, mine.id));
    expect(row).toMatchObject({ name: "Mine", slug: mine.slug });

    // Renaming to a good name, keeping its own slug, is still allowed.
    const renamed = await env.auth.api.updateOrganization({
      body: { organizationId: mine.id, data: { name: " Mine Renamed ", slug: mine.slug } },
      headers: user.headers,
    });
    expect(renamed).toMatchObject({ name: "Mine Renamed", slug: mine.slug });
  });
});
