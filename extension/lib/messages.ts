/**
 * The messages the popup, the options page, `connected.html` and the content script send to
 * the background worker, the only part of the extension that talks to the server. One map
 * from message type to request and answer keeps both ends typed.
 */
import type {
  ActiveIncident,
  ActivityRequest,
  Identifier,
  LookupMatch,
  Me,
  ReportRequest,
  ReportResult,
} from "./contract";

/** Where the extension stands with its server. */
export type Connection =
  | { state: "disconnected"; server: string | null }
  /** The token was refused (revoked, or its member removed): connect again. */
  | { state: "reconnect"; server: string }
  | { state: "connected"; server: string; me: Me };

export type FailureKind =
  | "disconnected"
  | "reconnect"
  | "forbidden"
  | "invalid"
  | "not_found"
  | "rate_limited"
  | "network"
  | "server";

export interface Failure {
  ok: false;
  error: { kind: FailureKind; message: string };
}
export type Result<T> = { ok: true; data: T } | Failure;

export interface Settings {
  /** The server's origin as the agent typed it, kept even while disconnected. */
  server: string | null;
  /** Extra help-desk pages (match patterns) the content script runs on. */
  urlPatterns: string[];
  /** Customer id patterns (regular expression sources). */
  idPatterns: string[];
}

export const DEFAULT_SETTINGS: Settings = { server: null, urlPatterns: [], idPatterns: [] };

/** What a help-desk page needs to know before it looks for a customer. */
export interface PageConfig {
  connection: Connection["state"];
  idPatterns: string[];
  /** The agent's own address, never taken for the customer's. */
  agentEmail: string | null;
}

export interface IncidentList {
  incidents: ActiveIncident[];
  /** When the server was last asked (ISO time). */
  fetchedAt: string;
}

export interface Requests {
  "connection/get": { req: Record<string, never>; res: Connection };
  /** Opens `<server>/extension/connect` in a tab with a fresh `state`. */
  "connection/start": { req: { server: string }; res: Result<{ url: string }> };
  /** From `connected.html`: the dashboard's hand-off. */
  "connection/finish": { req: { token: string; state: string; server: string }; res: Result<Me> };
  "connection/paste": { req: { server: string; token: string }; res: Result<Me> };
  "connection/disconnect": { req: Record<string, never>; res: Connection };
  "settings/get": { req: Record<string, never>; res: Settings };
  /** Saves the patterns and registers the content script on the custom ones. */
  "settings/save": { req: Pick<Settings, "urlPatterns" | "idPatterns">; res: Result<Settings> };
  "options/open": { req: Record<string, never>; res: null };
  /** `refresh` asks the server even if the last answer is under a minute old. */
  "incidents/list": { req: { refresh?: boolean }; res: Result<IncidentList> };
  "page/config": { req: Record<string, never>; res: PageConfig };
  "customers/lookup": { req: { identifiers: Identifier[] }; res: Result<LookupMatch[]> };
  "reports/create": { req: ReportRequest; res: Result<ReportResult> };
  "activity/record": { req: ActivityRequest; res: Result<null> };
}

export type MessageType = keyof Requests;
export type Message<K extends MessageType = MessageType> = K extends MessageType
  ? { type: K; payload: Requests[K]["req"] }
  : never;
export type Response<K extends MessageType> = Requests[K]["res"];

/** What a help-desk page (a content script) may ask; everything else is for our own pages. */
export const PAGE_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([
  "page/config",
  "customers/lookup",
  "reports/create",
  "activity/record",
  "incidents/list",
  "options/open",
]);

/**
 * The popup asks the content script of the tab in front (tabs.sendMessage) who the ticket is
 * from, so an agent can report a customer that no incident names yet (such a customer gets
 * no banner).
 */
export const PAGE_CUSTOMER = "page/customer";
export interface PageCustomer {
  ticketUrl: string;
  customers: {
    identifier: Identifier;
    person: string;
    company: string | null;
    /** Active incidents the customer is already in. */
    incidentIds: string[];
  }[];
}

/** A runtime.sendMessage-like function, so callers can be tested without a browser. */
export type SendMessage = (message: Message) => Promise<unknown>;

export function messenger(sendMessage: SendMessage) {
  return async function send<K extends MessageType>(
    type: K,
    payload: Requests[K]["req"],
  ): Promise<Response<K>> {
    return (await sendMessage({ type, payload } as Message)) as Response<K>;
  };
}

export const failure = (kind: FailureKind, message: string): Failure => ({
  ok: false,
  error: { kind, message },
});
