/**
 * Unsubscribing: RFC 8058 one-click (POST /api/unsubscribe/<token>) and the preference page.
 * An unsubscribed address is on the workspace's suppression list, its queued messages are
 * suppressed, later sends skip it; other workspaces and other addresses are untouched.
 */
import { and, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/unsubscribe/[token]/route";
import UnsubscribePage from "@/app/unsubscribe/[token]/page";
import { message, suppression } from "@/db/schema";
import { createAppTestEnv } from "@/server/testing/app-routes";
import type { TestEnv } from "@/server/testing/fixtures";
import { otherSpelling } from "@/server/testing/hostile";
import { oneClickUnsubscribeUrl, unsubscribeToken } from "./links";
import { customerSide, incidentFor, sendTo } from "./notices-testing";
import { resubscribe, unsubscribe } from "./unsubscribe";
import { suppress } from "./updates-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createAppTestEnv();
});
afterAll(() => env.close());

function oneClick(token: string, body = "List-Unsubscribe=One-Click") {
  return POST(
    new Request(`http://app.test/api/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
    { params: Promise.resolve({ token }) },
  );
}

async function messagesTo(workspaceId: string, email: string) {
  return env.db
    .select({ state: message.state, statusUpdateId: message.statusUpdateId })
    .from(message)
    .where(and(eq(message.workspaceId, workspaceId), eq(message.email, email)));
}

async function suppressionOf(workspaceId: string, email: string) {
  return env.db
    .select({ reason: suppression.reason })
    .from(suppression)
    .where(and(eq(suppression.workspaceId, workspaceId), eq(suppression.email, email)));
}

/** Ada and Bob with a queued message each, in Acme; Ada also in Globex with a queued one. */
async function world() {
  const acme = await customerSide(env.db, [
    { emails: ["ada@example.com"] },
    { emails: ["bob@example.com"] },
  ]);
  const inc = await incidentFor(env.db, acme.workspaceId, acme.customerIds);
  await sendTo(env.db, acme.workspaceId, inc.id, {
    status: "investigating",
    title: "Checkout is failing",
    body: "Looking into it.",
  });
  const globex = await customerSide(env.db, [{ emails: ["ada@example.com"] }], "Globex");
  const gInc = await incidentFor(env.db, globex.workspaceId, globex.customerIds);
  await sendTo(env.db, globex.workspaceId, gInc.id, {
    status: "investigating",
    title: "Globex is down",
    body: "Looking into it.",
  });
  return { acme, globex, inc };
}

describe("POST /api/unsubscribe/<token> (RFC 8058 one-click)", () => {
  it("suppresses the address in that workspace, its queued messages too; twice is the same", async () => {
    const { acme, globex, inc } = await world();
    expect(await messagesTo(acme.workspaceId, "ada@example.com")).toMatchObject([
      { state: "queued" },
    ]);
    const url = new URL(oneClickUnsubscribeUrl(acme.workspaceId, "Ada@Example.com"));
    const token = url.pathname.split("/").pop()!;
    for (let i = 0; i < 2; i++) {
      const res = await oneClick(token);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
    }
    expect(await suppressionOf(acme.workspaceId, "ada@example.com")).toEqual([
      { reason: "unsubscribed" },
    ]);
    expect(await messagesTo(acme.workspaceId, "ada@example.com")).toMatchObject([
      { state: "suppressed" },
    ]);
    // Bob in Acme and Ada in Globex are untouched.
    expect(await messagesTo(acme.workspaceId, "bob@example.com")).toMatchObject([
      { state: "queued" },
    ]);
    expect(await messagesTo(globex.workspaceId, "ada@example.com")).toMatchObject([
      { state: "queued" },
    ]);
    expect(await suppressionOf(globex.workspaceId, "ada@example.com")).toEqual([]);

    // The next update of the incident goes to Bob, never to Ada.
    const next = await sendTo(env.db, acme.workspaceId, inc.id, {
      status: "identified",
      title: "Cause found",
      body: "Fix coming.",
    });
    const adaNext = (await messagesTo(acme.workspaceId, "ada@example.com")).filter(
      (m) => m.statusUpdateId === next && m.state !== "suppressed",
    );
    expect(adaNext).toEqual([]);
    expect(
      (await messagesTo(acme.workspaceId, "bob@example.com")).filter(
        (m) => m.statusUpdateId === next,
      ),
    ).toMatchObject([{ state: "queued" }]);
  });

  it("refuses a body that is not List-Unsubscribe=One-Click, and forged tokens, storing nothing", async () => {
    const { acme } = await world();
    const token = unsubscribeToken(acme.workspaceId, "ada@example.com");
    expect((await oneClick(token, "")).status).toBe(400);
    expect((await oneClick(token, "List-Unsubscribe=Yes")).status).toBe(400);
    const [body, mac] = token.split(".");
    const forged = [
      `${body}.AAAA`,
      `${body}.${otherSpelling(mac)}`,
      "nope",
      unsubscribeToken("ws-does-not-exist", "a@b.co"),
    ];
    for (const t of forged) {
      const res = await oneClick(t);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
    expect(await suppressionOf(acme.workspaceId, "ada@example.com")).toEqual([]);
    expect(await messagesTo(acme.workspaceId, "ada@example.com")).toMatchObject([
      { state: "queued" },
    ]);
  });
});

describe("the preference page /unsubscribe/<token>", () => {
  async function page(token: string) {
    return renderToStaticMarkup(await UnsubscribePage({ params: Promise.resolve({ token }) }));
  }

  it("shows address and workspace and changes nothing when opened", async () => {
    const { acme } = await world();
    const token = unsubscribeToken(acme.workspaceId, "ada@example.com");
    for (let i = 0; i < 2; i++) {
      const html = await page(token);
      expect(html).toContain("ada@example.com");
      expect(html).toContain("Acme");
      expect(html).toContain("Unsubscribe from service notices");
    }
    expect(await suppressionOf(acme.workspaceId, "ada@example.com")).toEqual([]);
    expect(await page("forged.token")).toContain("This link has expired or is not valid");
  });

  it("re-subscribing lifts an unsubscribe, never a bounce", async () => {
    const { acme } = await world();
    const token = unsubscribeToken(acme.workspaceId, "ada@example.com");
    await unsubscribe(env.db, token);
    expect(await page(token)).toContain("Subscribe again");
    expect(await resubscribe(env.db, token)).toMatchObject({ state: "subscribed" });
    expect(await suppressionOf(acme.workspaceId, "ada@example.com")).toEqual([]);

    await suppress(env.db, acme.workspaceId, "bob@example.com", "bounced");
    const bob = unsubscribeToken(acme.workspaceId, "bob@example.com");
    expect(await resubscribe(env.db, bob)).toMatchObject({ state: "suppressed" });
    expect(await unsubscribe(env.db, bob)).toMatchObject({ state: "suppressed" });
    expect(await suppressionOf(acme.workspaceId, "bob@example.com")).toEqual([
      { reason: "bounced" },
    ]);
    expect(await page(bob)).not.toContain("Subscribe again");
  });
});
