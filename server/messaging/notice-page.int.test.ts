/**
 * The notice page (/notice/<token>) as the customer gets it: the page's server component
 * rendered to HTML on a real database. A token names one workspace and one customer; forged,
 * expired or altered tokens show the "expired or invalid link" page and no data.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import NoticePage, { metadata } from "@/app/notice/[token]/page";
import { createAppTestEnv } from "@/server/testing/app-routes";
import type { TestEnv } from "@/server/testing/fixtures";
import { alteredSignature } from "@/server/testing/hostile";
import { noticeToken, noticeUrl } from "./links";
import { customerSide, incidentFor, sendTo } from "./notices-testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createAppTestEnv();
});
afterAll(() => env.close());

async function page(token: string): Promise<string> {
  const element = await NoticePage({ params: Promise.resolve({ token }) });
  return renderToStaticMarkup(element);
}

const tokenOf = (workspaceId: string, customerId: number) =>
  new URL(noticeUrl(workspaceId, customerId, new Date())).pathname.replace("/notice/", "");

async function world() {
  const side = await customerSide(
    env.db,
    [{ emails: ["ada@example.com"] }, { emails: ["bob@example.com"] }],
    "Acme <b>Cloud</b>",
  );
  const [ada, bob] = side.customerIds;
  const checkout = await incidentFor(env.db, side.workspaceId, [ada], "Checkout fails");
  await sendTo(env.db, side.workspaceId, checkout.id, {
    status: "investigating",
    title: "Checkout is failing for some cards",
    body: "We are looking into it.",
  });
  await sendTo(env.db, side.workspaceId, checkout.id, {
    status: "identified",
    title: "Cause found <script>alert(1)</script>",
    body: "Use **PayPal** meanwhile. <img src=x onerror=alert(1)>",
  });
  const search = await incidentFor(env.db, side.workspaceId, [bob], "Search is slow");
  await sendTo(env.db, side.workspaceId, search.id, {
    status: "investigating",
    title: "Search answers slowly",
    body: "Bob's problem only.",
  });
  return { ...side, ada, bob, checkout };
}

describe("the notice page", () => {
  it("shows the customer's incidents with every sent update, newest first, escaped", async () => {
    const w = await world();
    const html = await page(tokenOf(w.workspaceId, w.ada));
    expect(html).toContain("Acme &lt;b&gt;Cloud&lt;/b&gt;");
    expect(html).toContain(`INC-${w.checkout.number}`);
    const newer = html.indexOf("Cause found");
    const older = html.indexOf("Checkout is failing for some cards");
    expect(newer).toBeGreaterThan(-1);
    expect(older).toBeGreaterThan(newer);
    // The incident's current status, from the latest update.
    expect(html).toContain("Identified");
    // Titles, bodies and names are text: nothing the responder wrote becomes a tag.
    expect(html).toContain("Cause found &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<script|<img|<b>Cloud/);
    expect(html).toMatch(/<strong[^>]*>PayPal<\/strong>/);
    // Bob's incident is not Ada's business.
    expect(html).not.toContain("Search answers slowly");
  });

  it("shows the expired-or-invalid page and no data for forged, expired or altered tokens", async () => {
    const w = await world();
    const valid = tokenOf(w.workspaceId, w.ada);
    const [body, mac] = valid.split(".");
    const bobPayload = Buffer.from(
      JSON.stringify({ w: w.workspaceId, c: w.bob, e: Date.now() + 60_000 }),
    ).toString("base64url");
    const bad = [
      // Expired yesterday, correctly signed.
      noticeToken(w.workspaceId, w.ada, new Date(Date.now() - 24 * 60 * 60 * 1000)),
      // Bob's payload under Ada's signature.
      `${bobPayload}.${mac}`,
      // Signature altered, payload kept.
      `${body}.${alteredSignature(mac)}`,
      "not-a-token",
      "%E0%A4%A",
    ];
    for (const token of bad) {
      const html = await page(token);
      expect(html).toContain("This link has expired or is not valid");
      expect(html).not.toContain("Checkout");
      expect(html).not.toContain("Acme");
    }
  });

  it("a token of another workspace's customer shows nothing of this workspace", async () => {
    const w = await world();
    const other = await customerSide(env.db, [{ emails: ["z@example.com"] }], "Globex");
    // Globex's token naming Acme's customer id: no such customer in Globex.
    const html = await page(tokenOf(other.workspaceId, w.ada));
    expect(html).toContain("This link has expired or is not valid");
    expect(html).not.toContain("Checkout");
  });

  it("is not indexed and does not leak its URL as a referrer", () => {
    expect(metadata.robots).toMatchObject({ index: false, follow: false });
    expect(metadata.referrer).toBe("no-referrer");
  });
});
