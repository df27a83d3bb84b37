import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, event } from "@/db/schema";
import { apiHandler, FixedWindowRateLimiter } from "@/server/api";
import { installClientAddressHeader } from "@/server/http/client-address";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { handleEvents, postEvents } from "./handler";
import { eventsRequest, makeEvent, post, tableCounts, workspaceWithKeys } from "./test-helpers";

let env: TestEnv;
let ws: Awaited<ReturnType<typeof workspaceWithKeys>>;

beforeAll(async () => {
  env = await createTestEnv();
  ws = await workspaceWithKeys(env);
});
afterAll(() => env.close());

describe("POST /api/v1/events: who may call", () => {
  it("answers 401 without a key, with a wrong key and with a revoked key", async () => {
    const body = { events: [makeEvent()] };
    const none = await post(env.db, body);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("unauthorized");
    expect(none.body.error.message).toMatch(/Authorization: Bearer/);
    expect((await post(env.db, body, "br_notakey")).status).toBe(401);

    const other = await workspaceWithKeys(env);
    expect((await post(env.db, body, other.ingestKey)).status).toBe(202);
    await env.db
      .update(apiKey)
      .set({ revokedAt: new Date() })
      .where(eq(apiKey.workspaceId, other.workspace.id));
    expect((await post(env.db, body, other.ingestKey)).status).toBe(401);
    expect((await tableCounts(env.db)).event).toBe(1);
  });

  it("answers 403 to a key without the ingest scope", async () => {
    const res = await post(env.db, { events: [makeEvent()] }, ws.readKey);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: { code: "forbidden", message: 'This API key does not have the "ingest" scope.' },
    });
  });

  it("records when a key was last used", async () => {
    await env.db.update(apiKey).set({ lastUsedAt: null });
    await post(env.db, { events: [makeEvent()] }, ws.ingestKey);
    const keys = await env.db.select().from(apiKey).where(eq(apiKey.workspaceId, ws.workspace.id));
    const used = keys.filter((k) => k.lastUsedAt !== null);
    expect(used).toHaveLength(1);
    expect(Date.now() - used[0].lastUsedAt!.getTime()).toBeLessThan(60_000);
  });

  it("answers 429 with Retry-After past the per-key limit", async () => {
    const limited = apiHandler("ingest", handleEvents, {
      rateLimiter: new FixedWindowRateLimiter(2),
    });
    const send = () => limited(env.db, eventsRequest({ events: [makeEvent()] }, ws.ingestKey));
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(202);
    const res = await send();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await res.json()).error.code).toBe("rate_limited");
  });

  it("answers 429 to an address that keeps sending invalid keys, without looking them up", async () => {
    const guarded = apiHandler("ingest", handleEvents, {
      failedAuthLimiter: new FixedWindowRateLimiter(3),
    });
    const from = (ip: string, key?: string) =>
      guarded(
        env.db,
        // The address as the app's entry point stamps it (server/http/client-address.ts).
        eventsRequest({ events: [makeEvent()] }, key, {
          headers: { [installClientAddressHeader()]: ip },
        }),
      );
    for (const key of [undefined, "br_guess1", "br_guess2"]) {
      expect((await from("203.0.113.9", key)).status).toBe(401);
    }
    // Over the limit, even a valid key from that address waits; other addresses do not.
    const blocked = await from("203.0.113.9", ws.ingestKey);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await blocked.json()).error.message).toMatch(/without a valid API key/);
    expect((await from("198.51.100.4", ws.ingestKey)).status).toBe(202);
    // Valid keys are never counted as failures.
    for (let i = 0; i < 4; i++) expect((await from("198.51.100.4", ws.ingestKey)).status).toBe(202);
  });
});

describe("POST /api/v1/events: bodies that are refused whole", () => {
  it("answers 413 to a body over 1 MiB and stores nothing", async () => {
    const before = await tableCounts(env.db);
    const big = makeEvent({ error: { type: "E", message: "x".repeat(9_000) } });
    const events = Array.from({ length: 130 }, (_, i) => ({ ...big, id: `big-${i}` }));
    const res = await post(env.db, { events }, ws.ingestKey);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/larger than 1 MiB/);
    expect(await tableCounts(env.db)).toEqual(before);
  });

  it("answers 413 from Content-Length alone", async () => {
    const req = eventsRequest("{}", ws.ingestKey, { headers: { "content-length": "2000000" } });
    expect((await postEvents(env.db, req)).status).toBe(413);
  });

  it.each([
    ["malformed JSON", '{"events": [', /^Malformed JSON: /],
    ["an empty body", "", /empty/],
    ["a JSON array", "[]", /Invalid request body: .*expected object/],
    ["no events field", '{"event": []}', /events: /],
    ["events not an array", '{"events": {}}', /events: .*expected array/],
    ["no events", '{"events": []}', /events: send at least one event/],
    [
      "1001 events",
      JSON.stringify({ events: Array.from({ length: 1001 }, () => ({})) }),
      /events: at most 1000 events per request/,
    ],
  ])("answers 400 to %s with a precise message", async (_, body, message) => {
    const before = await tableCounts(env.db);
    const res = await post(env.db, body, ws.ingestKey);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid");
    expect(res.body.error.message).toMatch(message);
    expect(await tableCounts(env.db)).toEqual(before);
  });
});

describe("POST /api/v1/events: accepting", () => {
  it("accepts valid events and lists the rejected ones by index", async () => {
    const ok1 = makeEvent({ customer: { id: "cus_partial" } });
    const ok2 = makeEvent({ customer: { id: "cus_partial" } });
    const res = await post(
      env.db,
      {
        events: [
          ok1,
          { ...makeEvent(), timestamp: "yesterday" },
          42,
          ok2,
          { ...makeEvent(), customer: { id: "c", attributes: { plan: { nested: true } } } },
          { ...makeEvent(), timestamp: new Date(Date.now() + 3 * 86_400_000).toISOString() },
        ],
      },
      ws.ingestKey,
    );
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.duplicates).toBe(0);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4, 5]);
    const [ts, notObject, attr, future] = res.body.rejected.map((r: { error: string }) => r.error);
    expect(ts).toMatch(/^timestamp: /);
    expect(notObject).toMatch(/expected object/);
    expect(attr).toMatch(/^customer\.attributes\.plan: /);
    expect(future).toMatch(/future/);
    const stored = await env.db
      .select({ clientId: event.clientId })
      .from(event)
      .where(eq(event.workspaceId, ws.workspace.id));
    expect(stored.map((s) => s.clientId)).toEqual(expect.arrayContaining([ok1.id, ok2.id]));
  });

  it("answers 202 with everything rejected when no event is valid", async () => {
    const res = await post(env.db, { events: [{ id: "x" }] }, ws.ingestKey);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 0 });
    expect(res.body.rejected[0].error).toMatch(/timestamp/);
  });
});
