import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { Message } from "../messages";
import {
  createBackground,
  CUSTOM_SCRIPT_ID,
  INCIDENTS_ALARM,
  type BrowserApi,
  type Sender,
} from ".";

const SERVER = "https://br.acme.example";
const TOKEN = "brx_secret123";
const ORIGIN = "chrome-extension://gllekmgbdpccibkiiiapkfelogafdfjm";
const OPTIONS: Sender = { id: fakeBrowser.runtime.id, url: `${ORIGIN}/options.html` };
const TICKET_URL = "https://acme.zendesk.com/agent/tickets/1042";
const PAGE: Sender = { id: fakeBrowser.runtime.id, url: TICKET_URL, tab: { id: 7 } };

const ME = {
  user: { name: "Sam Okafor", email: "sam.okafor@acmecloud.example" },
  workspace: { slug: "acme", name: "Acme Cloud" },
  role: "responder",
  token: { id: "tok_1", name: "Chrome on sam-laptop", created_at: "2025-03-01T10:00:00Z" },
};
const incident = (n: number) => ({
  id: `00000000-0000-0000-0000-00000000000${n}`,
  ref: `INC-${n}`,
  title: `Incident ${n}`,
  status: "investigating",
  severity: "SEV2",
  started_at: "2025-03-03T08:00:00Z",
  affected_customers: 1204,
  url: `${SERVER}/w/acme/incidents/INC-${n}`,
  latest_update: null,
});

/** A stand-in server: records every request and answers from `routes`. */
function fakeServer() {
  const calls: {
    method: string;
    path: string;
    headers: Headers;
    credentials?: string;
    body?: unknown;
  }[] = [];
  let revoked = false;
  let incidents = [incident(1), incident(2), incident(3)];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    calls.push({
      method: init.method ?? "GET",
      path: url.pathname,
      headers,
      credentials: init.credentials,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    if (revoked || headers.get("Authorization") !== `Bearer ${TOKEN}`) {
      return Response.json(
        { error: { code: "unauthorized", message: "Token revoked" } },
        { status: 401 },
      );
    }
    switch (url.pathname) {
      case "/api/extension/v1/me":
        return Response.json(ME);
      case "/api/extension/v1/incidents":
        return Response.json({ data: incidents });
      case "/api/extension/v1/lookup":
        return Response.json({ matches: [] });
      default:
        return Response.json({ error: { code: "not_found", message: "No" } }, { status: 404 });
    }
  });
  return {
    fetch,
    calls,
    revoke: () => (revoked = true),
    setIncidents: (n: number) => (incidents = Array.from({ length: n }, (_, i) => incident(i + 1))),
  };
}

function setup() {
  fakeBrowser.reset();
  const server = fakeServer();
  let clock = Date.parse("2025-03-03T09:00:00Z");
  const granted = new Set<string>();
  const registered: { id: string; matches: string[] }[] = [];
  const browser: BrowserApi = {
    runtime: { id: fakeBrowser.runtime.id, openOptionsPage: vi.fn(async () => undefined) },
    storage: fakeBrowser.storage,
    action: fakeBrowser.action,
    alarms: fakeBrowser.alarms,
    tabs: fakeBrowser.tabs,
    permissions: { contains: async ({ origins }) => origins.every((o) => granted.has(o)) },
    scripting: {
      getRegisteredContentScripts: async () => registered.map(({ id }) => ({ id })),
      unregisterContentScripts: async () => void registered.splice(0),
      registerContentScripts: async (scripts) => void registered.push(...scripts),
    },
  };
  const background = createBackground({
    browser,
    fetch: server.fetch,
    extensionOrigin: ORIGIN,
    now: () => clock,
    randomState: () => "state-abc",
  });
  const send = <T = unknown>(message: Message, sender: Sender = OPTIONS) =>
    background.handle(message, sender) as Promise<T>;
  return {
    background,
    server,
    send,
    granted,
    registered,
    advance: (ms: number) => (clock += ms),
    badge: () => fakeBrowser.action.getBadgeText({}),
  };
}

type T = ReturnType<typeof setup>;
const paste = (t: T) =>
  t.send({ type: "connection/paste", payload: { server: SERVER, token: TOKEN } });

describe("connecting", () => {
  let t: T;
  beforeEach(() => (t = setup()));

  it("keeps a pasted token once GET /me accepts it, with the token in the header and no cookies", async () => {
    const result = await paste(t);
    expect(result).toEqual({ ok: true, data: ME });
    expect(t.server.calls[0]).toMatchObject({
      method: "GET",
      path: "/api/extension/v1/me",
      credentials: "omit",
    });
    expect(t.server.calls[0].headers.get("Authorization")).toBe(`Bearer ${TOKEN}`);
    expect(await t.send({ type: "connection/get", payload: {} })).toEqual({
      state: "connected",
      server: SERVER,
      me: ME,
    });
  });

  it("shows the number of active incidents on the badge at once and refreshes it every minute", async () => {
    await paste(t);
    expect(await t.badge()).toBe("3");
    expect(await fakeBrowser.alarms.get(INCIDENTS_ALARM)).toMatchObject({ periodInMinutes: 1 });
    t.server.setIncidents(1);
    t.advance(61_000);
    await t.background.onAlarm(INCIDENTS_ALARM);
    expect(await t.badge()).toBe("1");
  });

  it("refuses a token the server does not accept, and keeps nothing", async () => {
    const result = await t.send({
      type: "connection/paste",
      payload: { server: SERVER, token: "brx_wrong" },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(await t.send({ type: "connection/get", payload: {} })).toMatchObject({
      state: "disconnected",
    });
  });

  it("refuses a token that is not one and plain http to another machine before calling anyone", async () => {
    expect(
      await t.send({ type: "connection/paste", payload: { server: SERVER, token: "hunter2" } }),
    ).toMatchObject({ ok: false });
    expect(
      await t.send({
        type: "connection/paste",
        payload: { server: "http://br.acme.example", token: TOKEN },
      }),
    ).toMatchObject({ ok: false });
    expect(t.server.fetch).not.toHaveBeenCalled();
  });
});

describe("the dashboard hand-off", () => {
  let t: T;
  beforeEach(() => (t = setup()));

  it("opens the connect page with this extension's id and a state, and accepts the token back with it", async () => {
    const started = await t.send<{ ok: true; data: { url: string } }>({
      type: "connection/start",
      payload: { server: `${SERVER}/w/acme` },
    });
    const url = new URL(started.data.url);
    expect(url.origin + url.pathname).toBe(`${SERVER}/extension/connect`);
    expect(url.searchParams.get("extension_id")).toBe(fakeBrowser.runtime.id);
    expect(url.searchParams.get("state")).toBe("state-abc");
    expect((await fakeBrowser.tabs.query({})).map((tab) => tab.url)).toContain(started.data.url);

    const connectedPage = { ...OPTIONS, url: `${ORIGIN}/connected.html`, tab: { id: 42 } };
    const finished = await t.send(
      { type: "connection/finish", payload: { token: TOKEN, state: "state-abc", server: SERVER } },
      connectedPage,
    );
    expect(finished).toEqual({ ok: true, data: ME });
    expect(await t.send({ type: "connection/get", payload: {} })).toMatchObject({
      state: "connected",
    });
  });

  it("refuses a token that comes with another state, or a second time", async () => {
    await t.send({ type: "connection/start", payload: { server: SERVER } });
    const wrong = await t.send({
      type: "connection/finish",
      payload: { token: TOKEN, state: "forged", server: SERVER },
    });
    expect(wrong).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(t.server.fetch).not.toHaveBeenCalled();

    await t.send({
      type: "connection/finish",
      payload: { token: TOKEN, state: "state-abc", server: SERVER },
    });
    const replay = await t.send({
      type: "connection/finish",
      payload: { token: "brx_other", state: "state-abc", server: SERVER },
    });
    expect(replay).toMatchObject({ ok: false });
  });

  it("refuses a hand-off after ten minutes, or from another server", async () => {
    await t.send({ type: "connection/start", payload: { server: SERVER } });
    const other = await t.send({
      type: "connection/finish",
      payload: { token: TOKEN, state: "state-abc", server: "https://evil.example" },
    });
    expect(other).toMatchObject({ ok: false });
    t.advance(11 * 60_000);
    const late = await t.send({
      type: "connection/finish",
      payload: { token: TOKEN, state: "state-abc", server: SERVER },
    });
    expect(late).toMatchObject({ ok: false });
  });
});

describe("messages from a help-desk page", () => {
  let t: T;
  beforeEach(async () => {
    t = setup();
    await paste(t);
  });

  it("may look customers up, sending only the identifiers", async () => {
    const identifiers = [{ kind: "email" as const, value: "ada@analytical.example" }];
    const result = await t.send({ type: "customers/lookup", payload: { identifiers } }, PAGE);
    expect(result).toEqual({ ok: true, data: [] });
    expect(t.server.calls.at(-1)).toMatchObject({
      method: "POST",
      path: "/api/extension/v1/lookup",
      body: { identifiers },
    });
  });

  it("may not touch the connection or the settings", async () => {
    for (const message of [
      { type: "connection/paste", payload: { server: "https://evil.example", token: "brx_x" } },
      { type: "connection/get", payload: {} },
      { type: "settings/save", payload: { urlPatterns: ["https://*.example/*"], idPatterns: [] } },
    ] as Message[]) {
      expect(await t.send(message, PAGE)).toMatchObject({
        ok: false,
        error: { kind: "forbidden" },
      });
    }
  });

  it("has malformed requests refused before they reach the server", async () => {
    const calls = t.server.calls.length;
    const tooMany = Array.from({ length: 51 }, (_, i) => ({
      kind: "email",
      value: `c${i}@x.example`,
    }));
    for (const payload of [
      { identifiers: tooMany },
      { identifiers: [] },
      { identifiers: [{ kind: "phone", value: "1" }] },
    ]) {
      const result = await t.send({ type: "customers/lookup", payload } as Message, PAGE);
      expect(result).toMatchObject({ ok: false, error: { kind: "invalid" } });
    }
    const report = await t.send(
      {
        type: "reports/create",
        payload: { kind: "suspected", customer: { kind: "email", value: "a@b.example" }, note: "" },
      } as Message,
      PAGE,
    );
    expect(report).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(t.server.calls.length).toBe(calls);
  });
});

describe("a revoked token", () => {
  it("is forgotten at the first 401: every page shows Reconnect and nothing more is sent", async () => {
    const t = setup();
    await paste(t);
    t.server.revoke();
    const lookup = await t.send(
      {
        type: "customers/lookup",
        payload: { identifiers: [{ kind: "email", value: "ada@analytical.example" }] },
      },
      PAGE,
    );
    expect(lookup).toMatchObject({ ok: false, error: { kind: "reconnect" } });
    expect(await t.send({ type: "connection/get", payload: {} })).toEqual({
      state: "reconnect",
      server: SERVER,
    });
    expect(await t.badge()).toBe("!");
    expect(await t.send({ type: "page/config", payload: {} }, PAGE)).toMatchObject({
      connection: "reconnect",
    });

    const calls = t.server.calls.length;
    const list = await t.send({ type: "incidents/list", payload: { refresh: true } });
    expect(list).toMatchObject({ ok: false, error: { kind: "reconnect" } });
    expect(t.server.calls.length).toBe(calls);
    expect(await fakeBrowser.alarms.get(INCIDENTS_ALARM)).toBeFalsy();
  });
});

describe("the popup's incident list", () => {
  it("asks the server at most once a minute unless the agent refreshes", async () => {
    const t = setup();
    await paste(t);
    const before = t.server.calls.length;
    await t.send({ type: "incidents/list", payload: {} });
    t.advance(30_000);
    await t.send({ type: "incidents/list", payload: {} });
    expect(t.server.calls.length).toBe(before);
    t.advance(31_000);
    await t.send({ type: "incidents/list", payload: {} });
    await t.send({ type: "incidents/list", payload: { refresh: true } });
    expect(t.server.calls.length).toBe(before + 2);
  });
});

describe("custom help-desk pages", () => {
  it("registers the content script on the custom patterns the agent granted", async () => {
    const t = setup();
    t.granted.add("https://support.acme.com/tickets/*");
    const saved = await t.send({
      type: "settings/save",
      payload: {
        urlPatterns: ["https://support.acme.com/tickets/*", "https://help.other.example/*"],
        idPatterns: ["tenant-\\d{3}"],
      },
    });
    expect(saved).toMatchObject({ ok: true, data: { idPatterns: ["tenant-\\d{3}"] } });
    expect(t.registered).toEqual([
      expect.objectContaining({
        id: CUSTOM_SCRIPT_ID,
        matches: ["https://support.acme.com/tickets/*"],
      }),
    ]);

    await t.send({ type: "settings/save", payload: { urlPatterns: [], idPatterns: [] } });
    expect(t.registered).toEqual([]);
  });

  it("refuses a pattern for every site", async () => {
    const t = setup();
    const saved = await t.send({
      type: "settings/save",
      payload: { urlPatterns: ["*://*/*"], idPatterns: [] },
    });
    expect(saved).toMatchObject({ ok: false, error: { kind: "invalid" } });
  });
});
