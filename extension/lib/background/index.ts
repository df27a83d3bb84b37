/**
 * The background worker's behaviour, apart from the browser events that wake it
 * (entrypoints/background.ts wires those). It alone holds the token and calls the server;
 * the popup, the options page, `connected.html` and the content script ask it by message.
 *
 * 1. Messages are checked: a help-desk page may only look up, report and record; the
 *    connection and the settings belong to the extension's own pages. Payloads from a page
 *    are parsed, never trusted.
 * 2. Connecting: the dashboard hand-off is accepted only with the `state` this worker made
 *    for that server (stored in session storage, ten minutes); a pasted token is checked
 *    with `GET /me` before it is kept.
 * 3. The badge shows the number of active incidents, asked for at most once a minute (an
 *    alarm, and whenever the popup opens on an older list).
 * 4. A 401 from any call means the token was revoked: it is forgotten at once, the badge
 *    shows "!", and every page shows "Reconnect".
 */
import { z } from "zod";
import { identifierSchema, MAX_LOOKUP_IDENTIFIERS, type Me } from "../contract";
import { DEFAULT_MATCHES } from "../helpdesks";
import {
  failure,
  PAGE_MESSAGES,
  type Connection,
  type Message,
  type MessageType,
  type Requests,
  type Result,
} from "../messages";
import { checkIdPattern, checkServerUrl, checkUrlPattern } from "../patterns";
import { ApiError, createApi, type Fetch } from "./api";
import { createState, type StorageArea } from "./state";

export const INCIDENTS_ALARM = "incidents";
/** The badge and the popup's list are never asked for more often than this. */
export const INCIDENTS_MAX_AGE_MS = 60_000;
const HANDOFF_TTL_MS = 10 * 60_000;
export const CUSTOM_SCRIPT_ID = "custom-help-desks";
/** Where WXT writes the content script entrypoint (entrypoints/content/). */
export const CONTENT_SCRIPT_FILE = "content-scripts/content.js";

const BADGE_RED = "#dc2626";
const BADGE_AMBER = "#d97706";

/** The parts of the extension API the worker uses (the real `browser`, or WXT's fake one). */
export interface BrowserApi {
  runtime: { id: string; openOptionsPage(): Promise<void> };
  storage: { local: StorageArea; session: StorageArea };
  action: {
    setBadgeText(details: { text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { color: string }): Promise<void>;
    setTitle(details: { title: string }): Promise<void>;
  };
  alarms: {
    create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number }): unknown;
    clear(name: string): Promise<boolean>;
  };
  tabs: {
    create(props: { url: string }): Promise<unknown>;
    remove(tabId: number): Promise<void>;
  };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string }[]>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
    registerContentScripts(
      scripts: {
        id: string;
        matches: string[];
        excludeMatches?: string[];
        js: string[];
        runAt?: "document_idle";
        persistAcrossSessions?: boolean;
      }[],
    ): Promise<void>;
  };
}

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export interface BackgroundDeps {
  browser: BrowserApi;
  fetch: Fetch;
  /** This extension's own origin (chrome-extension://<id>), to tell our pages from others. */
  extensionOrigin: string;
  now?: () => number;
  randomState?: () => string;
}

const noteSchema = z.string().trim().max(2000);
const ticketUrlSchema = z
  .string()
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), "not a web page");
/** Payloads parsed before they are handled (all of a page's, and the token hand-offs). */
const payloadSchemas = {
  "customers/lookup": z.object({
    identifiers: z.array(identifierSchema).min(1).max(MAX_LOOKUP_IDENTIFIERS),
  }),
  "reports/create": z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("affected"),
      incident_id: z.string().min(1).max(100),
      customer: identifierSchema,
      note: noteSchema.optional(),
      ticket_url: ticketUrlSchema.optional(),
    }),
    z.object({
      kind: z.literal("suspected"),
      customer: identifierSchema,
      note: noteSchema.min(1),
      ticket_url: ticketUrlSchema.optional(),
    }),
  ]),
  "activity/record": z.object({
    kind: z.literal("reply_inserted"),
    incident_id: z.string().min(1).max(100),
    update_id: z.string().min(1).max(100),
    customer: identifierSchema,
  }),
  "incidents/list": z.object({ refresh: z.boolean().optional() }),
  "connection/finish": z.object({
    token: z.string().max(500),
    state: z.string().max(200),
    server: z.string().max(2000),
  }),
  "connection/paste": z.object({ server: z.string().max(2000), token: z.string().max(500) }),
} satisfies Partial<Record<MessageType, z.ZodType>>;

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function createBackground(deps: BackgroundDeps) {
  const { browser } = deps;
  const now = deps.now ?? Date.now;
  const makeState = deps.randomState ?? randomState;
  const state = createState(browser.storage.local, browser.storage.session);

  // --- The connection -------------------------------------------------------------------

  /** Calls the server with the stored token; a 401 forgets the token on the spot. */
  async function withApi<T>(call: (api: ReturnType<typeof createApi>) => Promise<T>) {
    const auth = await state.auth();
    if (!auth?.token) {
      return auth
        ? failure("reconnect", "Blastradius was disconnected. Reconnect in the options.")
        : failure("disconnected", "Connect Blastradius to your server in the options.");
    }
    try {
      return {
        ok: true as const,
        data: await call(createApi(auth.server, auth.token, deps.fetch)),
      };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.kind === "reconnect") {
        await tokenRefused(auth.server);
        return failure("reconnect", "Your token was revoked. Reconnect in the options.");
      }
      return failure(e.kind, e.message);
    }
  }

  async function tokenRefused(server: string) {
    await state.setAuth({ server, token: null, me: null });
    await state.setIncidents(null);
    await browser.alarms.clear(INCIDENTS_ALARM);
    await showBadge({ state: "reconnect", server });
  }

  async function connectWith(server: string, token: string): Promise<Result<Me>> {
    let me: Me;
    try {
      me = await createApi(server, token, deps.fetch).me();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.kind === "reconnect") {
        return failure(
          "invalid",
          "The server does not accept this token. Is it revoked, or cut short?",
        );
      }
      return failure(e.kind, e.message);
    }
    await state.setAuth({ server, token, me });
    await state.updateSettings({ server });
    await state.setIncidents(null);
    browser.alarms.create(INCIDENTS_ALARM, { periodInMinutes: 1 });
    await refreshIncidents(true);
    return { ok: true, data: me };
  }

  async function disconnect(): Promise<Connection> {
    await state.setAuth(null);
    await state.setIncidents(null);
    await state.setPending(null);
    await browser.alarms.clear(INCIDENTS_ALARM);
    const connection = await state.connection();
    await showBadge(connection);
    return connection;
  }

  // --- Incidents and the badge ----------------------------------------------------------

  async function refreshIncidents(force = false): Promise<Requests["incidents/list"]["res"]> {
    const cached = await state.incidents();
    if (cached && !force && now() - Date.parse(cached.fetchedAt) < INCIDENTS_MAX_AGE_MS) {
      return { ok: true, data: cached };
    }
    const result = await withApi((api) => api.incidents());
    if (!result.ok) {
      if (result.error.kind !== "reconnect") await showBadge(await state.connection());
      return result;
    }
    const list = { incidents: result.data, fetchedAt: new Date(now()).toISOString() };
    await state.setIncidents(list);
    await setBadge(
      String(list.incidents.length || ""),
      BADGE_RED,
      badgeTitle(list.incidents.length),
    );
    return { ok: true, data: list };
  }

  function badgeTitle(active: number) {
    if (active === 0) return "Blastradius: no active incidents";
    return `Blastradius: ${active} active incident${active === 1 ? "" : "s"}`;
  }

  async function setBadge(text: string, color: string, title: string) {
    await browser.action.setBadgeBackgroundColor({ color });
    await browser.action.setBadgeText({ text });
    await browser.action.setTitle({ title });
  }

  async function showBadge(connection: Connection) {
    if (connection.state === "reconnect") {
      await setBadge("!", BADGE_AMBER, "Blastradius: reconnect in the options");
    } else if (connection.state === "disconnected") {
      await setBadge("", BADGE_RED, "Blastradius: not connected");
    } else {
      const cached = await state.incidents();
      const n = cached?.incidents.length ?? 0;
      await setBadge(String(n || ""), BADGE_RED, badgeTitle(n));
    }
  }

  // --- Custom help-desk pages -----------------------------------------------------------

  /** Registers the content script on the custom patterns the agent granted access to. */
  async function syncContentScripts() {
    const { urlPatterns } = await state.settings();
    const granted: string[] = [];
    for (const pattern of urlPatterns) {
      if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
    }
    const existing = await browser.scripting.getRegisteredContentScripts({
      ids: [CUSTOM_SCRIPT_ID],
    });
    if (existing.length > 0) {
      await browser.scripting.unregisterContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
    }
    if (granted.length === 0) return;
    await browser.scripting.registerContentScripts([
      {
        id: CUSTOM_SCRIPT_ID,
        matches: granted,
        // The built-in help desks have the script from the manifest already.
        excludeMatches: DEFAULT_MATCHES,
        js: [CONTENT_SCRIPT_FILE],
        runAt: "document_idle",
        persistAcrossSessions: true,
      },
    ]);
  }

  // --- Messages -------------------------------------------------------------------------

  type Handlers = {
    [K in MessageType]: (
      payload: Requests[K]["req"],
      sender: Sender,
    ) => Promise<Requests[K]["res"]>;
  };

  const handlers: Handlers = {
    "connection/get": () => state.connection(),

    async "connection/start"({ server }) {
      const checked = checkServerUrl(server);
      if (!checked.ok) return failure("invalid", checked.error);
      const pending = {
        state: makeState(),
        server: checked.value,
        expires: now() + HANDOFF_TTL_MS,
      };
      await state.setPending(pending);
      await state.updateSettings({ server: checked.value });
      const url = new URL("/extension/connect", checked.value);
      url.searchParams.set("extension_id", browser.runtime.id);
      url.searchParams.set("state", pending.state);
      await browser.tabs.create({ url: url.href });
      return { ok: true, data: { url: url.href } };
    },

    async "connection/finish"({ token, state: handoffState, server }, sender) {
      const pending = await state.pending();
      if (!pending || pending.state !== handoffState || now() > pending.expires) {
        return failure(
          "invalid",
          "This sign-in was not started from this browser, or it expired. Connect again from the options.",
        );
      }
      if (checkServerUrl(server).ok && new URL(server).origin !== pending.server) {
        return failure("invalid", `The hand-off came from ${server}, not ${pending.server}.`);
      }
      if (!token.startsWith("brx_")) return failure("invalid", "The hand-off carried no token.");
      await state.setPending(null);
      const result = await connectWith(pending.server, token);
      if (result.ok && sender.tab?.id !== undefined) {
        await browser.tabs.remove(sender.tab.id).catch(() => undefined);
      }
      return result;
    },

    async "connection/paste"({ server, token }) {
      const checked = checkServerUrl(server);
      if (!checked.ok) return failure("invalid", checked.error);
      const trimmed = token.trim();
      if (!/^brx_\S+$/.test(trimmed)) {
        return failure("invalid", "An extension token starts with brx_ (Settings → Extension).");
      }
      return connectWith(checked.value, trimmed);
    },

    "connection/disconnect": () => disconnect(),

    "settings/get": () => state.settings(),

    async "settings/save"({ urlPatterns, idPatterns }) {
      const urls: string[] = [];
      for (const p of urlPatterns) {
        const checked = checkUrlPattern(p);
        if (!checked.ok) return failure("invalid", `${p}: ${checked.error}`);
        urls.push(checked.value);
      }
      const ids: string[] = [];
      for (const p of idPatterns) {
        const checked = checkIdPattern(p);
        if (!checked.ok) return failure("invalid", `${p}: ${checked.error}`);
        ids.push(checked.value);
      }
      const settings = await state.updateSettings({
        urlPatterns: [...new Set(urls)],
        idPatterns: [...new Set(ids)],
      });
      await syncContentScripts();
      return { ok: true, data: settings };
    },

    async "options/open"() {
      await browser.runtime.openOptionsPage();
      return null;
    },

    "incidents/list": ({ refresh }) => refreshIncidents(refresh === true),

    async "page/config"() {
      const [auth, settings] = await Promise.all([state.auth(), state.settings()]);
      const connection = await state.connection();
      return {
        connection: connection.state,
        idPatterns: settings.idPatterns,
        agentEmail: auth?.me?.user.email ?? null,
      };
    },

    "customers/lookup": ({ identifiers }) => withApi((api) => api.lookup(identifiers)),
    "reports/create": (report) => withApi((api) => api.report(report)),
    async "activity/record"(activity) {
      return withApi((api) => api.activity(activity));
    },
  };

  /** Answers one message; anything malformed or not allowed from its sender is refused. */
  async function handle(raw: unknown, sender: Sender): Promise<unknown> {
    if (sender.id !== undefined && sender.id !== browser.runtime.id) {
      return failure("forbidden", "Not from this extension.");
    }
    const message = raw as Partial<Message>;
    if (!message || typeof message.type !== "string" || !(message.type in handlers)) {
      return failure("invalid", "Unknown message.");
    }
    const type = message.type as MessageType;
    const fromOurPage = sender.url?.startsWith(deps.extensionOrigin) ?? false;
    if (!fromOurPage && !PAGE_MESSAGES.has(type)) {
      return failure("forbidden", "Only the extension's own pages may do this.");
    }
    let payload: unknown = message.payload ?? {};
    if (type in payloadSchemas) {
      const parsed = payloadSchemas[type as keyof typeof payloadSchemas].safeParse(payload);
      if (!parsed.success) return failure("invalid", "The request was malformed.");
      payload = parsed.data;
    }
    const handler = handlers[type] as (p: unknown, s: Sender) => Promise<unknown>;
    return handler(payload, sender);
  }

  return {
    handle,
    /** The alarm fired: refresh the list and the badge (at most once a minute). */
    async onAlarm(name: string) {
      if (name === INCIDENTS_ALARM) await refreshIncidents();
    },
    /** Browser started or extension installed/updated: badge, alarm and custom scripts. */
    async start() {
      const connection = await state.connection();
      if (connection.state === "connected") {
        browser.alarms.create(INCIDENTS_ALARM, { periodInMinutes: 1 });
        await refreshIncidents();
      } else {
        await showBadge(connection);
      }
      await syncContentScripts().catch(() => undefined);
    },
  };
}

export type Background = ReturnType<typeof createBackground>;
