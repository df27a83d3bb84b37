/**
 * GET /api/v1/notices: the publishable key plus the customer's HMAC, one customer's notices
 * only, active ones only, CORS for allowed origins, ETag/304, escaped HTML. Called through
 * the app's route module with real Requests; updates are sent through the real send path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, OPTIONS } from "@/app/api/v1/notices/route";
import { createAppTestEnv } from "@/server/testing/app-routes";
import type { TestEnv } from "@/server/testing/fixtures";
import { readNoticeToken } from "./links";
import { customerHash, type NoticesResponse } from "./notices-api";
import { customerSide, incidentFor, resolvedAgo, sendTo } from "./notices-testing";
import { rotateNoticeKeys, saveMessagingSettings } from "./settings";

let env: TestEnv;
beforeAll(async () => {
  env = await createAppTestEnv();
});
afterAll(() => env.close());

const HOUR = 60 * 60 * 1000;

function get(query: Record<string, string>, headers: Record<string, string> = {}) {
  const url = new URL("http://app.test/api/v1/notices");
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return GET(new Request(url, { headers }));
}

/** Ada and Bob fail in INC A; Cy in nothing. Two updates to A, one resolved incident each. */
async function world() {
  const side = await customerSide(env.db, [
    { emails: ["ada@example.com"], name: "Ada" },
    { emails: ["bob@example.com"], name: "Bob" },
    { emails: ["cy@example.com"], name: "Cy" },
  ]);
  const [ada, bob] = side.customerIds;
  const checkout = await incidentFor(env.db, side.workspaceId, [ada, bob]);
  await sendTo(env.db, side.workspaceId, checkout.id, {
    status: "investigating",
    title: "Checkout is failing",
    body: "We are looking into it.",
  });
  const latest = await sendTo(env.db, side.workspaceId, checkout.id, {
    status: "identified",
    title: "Cause found <img src=x onerror=alert(1)>",
    body: "Retry **in 10 minutes**. <script>alert('x')</script> [x](javascript:alert(1))",
  });
  // Only Ada: resolved an hour ago (still active) and one resolved 25 hours ago (not).
  const recent = await incidentFor(env.db, side.workspaceId, [ada], "Search slow");
  await sendTo(env.db, side.workspaceId, recent.id, {
    status: "resolved",
    title: "Search is fast again",
    body: "Fixed.",
  });
  await resolvedAgo(env.db, recent.id, HOUR);
  const old = await incidentFor(env.db, side.workspaceId, [ada], "Login loop");
  await sendTo(env.db, side.workspaceId, old.id, {
    status: "resolved",
    title: "Login works again",
    body: "Fixed.",
  });
  await resolvedAgo(env.db, old.id, 25 * HOUR);
  return { ...side, checkout, recent, latest };
}

describe("GET /api/v1/notices", () => {
  it("answers the customer's active notices with the key and the customer's HMAC", async () => {
    const w = await world();
    const [adaId] = w.externalIds;
    const res = await get({
      customer: adaId,
      key: w.settings.noticeKey,
      hash: customerHash(w.settings.noticeSecret, adaId),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, max-age=30");
    const body = (await res.json()) as NoticesResponse;
    expect(body.customer).toBe(adaId);
    // The latest update of the ongoing incident, and the one resolved an hour ago; not the
    // one resolved 25 hours ago, nor the first update of INC checkout.
    expect(body.notices.map((n) => n.title)).toEqual([
      "Search is fast again",
      "Cause found <img src=x onerror=alert(1)>",
    ]);
    const checkout = body.notices[1];
    expect(checkout).toMatchObject({
      id: w.latest,
      incident: `INC-${w.checkout.number}`,
      status: "identified",
      body: { markdown: expect.stringContaining("<script>") },
    });
    // The HTML is escaped: no tag of the responder's survives, the javascript: link is text.
    expect(checkout.body.html).toContain("<strong");
    expect(checkout.body.html).toContain("&lt;script&gt;");
    expect(checkout.body.html).not.toMatch(/<script|<img|href="javascript/i);
    expect(checkout.body.text).toContain("Retry in 10 minutes");
    // The notice page link is Ada's, in this workspace.
    const token = new URL(checkout.url).pathname.replace("/notice/", "");
    expect(readNoticeToken(token)).toMatchObject({
      workspaceId: w.workspaceId,
      customerId: w.customerIds[0],
    });
  });

  it("takes the key and hash as headers too; a customer told nothing gets an empty list", async () => {
    const w = await world();
    const cy = w.externalIds[2];
    const res = await get(
      { customer: cy },
      {
        "x-blastradius-key": w.settings.noticeKey,
        "x-blastradius-hash": customerHash(w.settings.noticeSecret, cy),
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ customer: cy, notices: [] });
  });

  it("never shows one customer's notices with another's hash, a wrong key or a guessed id", async () => {
    const w = await world();
    const [ada, bob, cy] = w.externalIds;
    const other = await customerSide(env.db, [{ emails: ["z@example.com"] }]);
    const attempts = [
      // Cy's valid hash, asking for Ada.
      { customer: ada, key: w.settings.noticeKey, hash: customerHash(w.settings.noticeSecret, cy) },
      // Ada's hash made with another workspace's secret.
      {
        customer: ada,
        key: w.settings.noticeKey,
        hash: customerHash(other.settings.noticeSecret, ada),
      },
      // Another workspace's key with a hash it signed itself for Ada's id.
      {
        customer: ada,
        key: other.settings.noticeKey,
        hash: customerHash(other.settings.noticeSecret, ada),
      },
      // A key that does not exist, and one that is not even a key.
      {
        customer: bob,
        key: "pk_000000000000000000000000",
        hash: customerHash(w.settings.noticeSecret, bob),
      },
      {
        customer: bob,
        key: "br_not_a_notice_key",
        hash: customerHash(w.settings.noticeSecret, bob),
      },
      // Not hex, too short.
      { customer: bob, key: w.settings.noticeKey, hash: "zz" },
      // A correctly signed id that is no customer of the workspace: same answer as a bad hash.
      {
        customer: "cus_nobody",
        key: w.settings.noticeKey,
        hash: customerHash(w.settings.noticeSecret, "cus_nobody"),
      },
    ];
    const answers = [];
    for (const q of attempts) {
      const res = await get(q);
      answers.push({ status: res.status, body: await res.text() });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(401);
    expect(JSON.parse(answers[0].body)).toMatchObject({ error: { code: "unauthorized" } });
    expect(answers[0].body).not.toContain("Checkout");
  });

  it("stops answering with the old key and secret once they are rotated", async () => {
    const w = await world();
    const ada = w.externalIds[0];
    const ok = {
      customer: ada,
      key: w.settings.noticeKey,
      hash: customerHash(w.settings.noticeSecret, ada),
    };
    expect((await get(ok)).status).toBe(200);
    const rotated = await rotateNoticeKeys(env.db, w.workspaceId, null);
    expect((await get(ok)).status).toBe(401);
    expect(
      (
        await get({
          customer: ada,
          key: rotated.noticeKey,
          hash: customerHash(rotated.noticeSecret, ada),
        })
      ).status,
    ).toBe(200);
  });

  it("answers 401 without key or hash and 400 without a customer, naming what is missing", async () => {
    const res = await get({ customer: "x" });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toContain("key");
    expect(body.error.message).toContain("hash");
    const w = await customerSide(env.db, [{ emails: ["a@example.com"] }]);
    const noCustomer = await get({ key: w.settings.noticeKey, hash: "0".repeat(64) });
    expect(noCustomer.status).toBe(400);
    expect(await noCustomer.json()).toMatchObject({
      error: { code: "invalid", message: expect.stringContaining("customer") },
    });
  });

  it("allows exactly the workspace's origins (CORS), answers the preflight, varies on Origin", async () => {
    const w = await world();
    await saveMessagingSettings(
      env.db,
      w.workspaceId,
      { mailFrom: null, approvalThreshold: 500, allowedOrigins: ["https://app.acme.test"] },
      null,
    );
    const ada = w.externalIds[0];
    const q = {
      customer: ada,
      key: w.settings.noticeKey,
      hash: customerHash(w.settings.noticeSecret, ada),
    };
    const allowed = await get(q, { origin: "https://app.acme.test" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.acme.test");
    expect(allowed.headers.get("vary")).toBe("Origin");
    for (const origin of [
      "https://evil.test",
      "https://app.acme.test.evil.test",
      "http://app.acme.test",
    ]) {
      const denied = await get(q, { origin });
      expect(denied.headers.get("access-control-allow-origin")).toBeNull();
      expect(denied.headers.get("vary")).toBe("Origin");
    }

    const preflight = (origin: string) =>
      OPTIONS(
        new Request(`http://app.test/api/v1/notices?key=${w.settings.noticeKey}&customer=${ada}`, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "x-blastradius-key, x-blastradius-hash",
          },
        }),
      );
    const ok = await preflight("https://app.acme.test");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.acme.test");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/X-Blastradius-Hash/i);
    const no = await preflight("https://evil.test");
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
    expect(no.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("gives a strong ETag and answers If-None-Match with 304; a new update changes it", async () => {
    const w = await world();
    const ada = w.externalIds[0];
    const q = {
      customer: ada,
      key: w.settings.noticeKey,
      hash: customerHash(w.settings.noticeSecret, ada),
    };
    const first = await get(q);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await get(q)).headers.get("etag")).toBe(etag);
    const again = await get(q, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await get(q, { "if-none-match": '"other"' })).status).toBe(200);

    await sendTo(env.db, w.workspaceId, w.checkout.id, {
      status: "monitoring",
      title: "Fix deployed",
      body: "Watching.",
    });
    const changed = await get(q, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const body = (await changed.json()) as NoticesResponse;
    expect(body.notices.find((n) => n.id !== w.latest && n.status === "monitoring")?.title).toBe(
      "Fix deployed",
    );
  });
});
