/**
 * What the background worker keeps between wake-ups. The token lives in
 * `storage.local` (it survives a browser restart); the connect hand-off's `state` and the
 * last incident list live in `storage.session` (gone when the browser closes).
 */
import type { Me } from "../contract";
import { DEFAULT_SETTINGS, type Connection, type IncidentList, type Settings } from "../messages";

export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Auth {
  server: string;
  /** Null once the server refused it: the agent must connect again. */
  token: string | null;
  me: Me | null;
}

export interface PendingConnect {
  state: string;
  server: string;
  /** Epoch ms after which the hand-off is refused. */
  expires: number;
}

const KEYS = {
  auth: "auth",
  settings: "settings",
  pending: "pendingConnect",
  incidents: "incidents",
} as const;

export function createState(local: StorageArea, session: StorageArea) {
  async function read<T>(area: StorageArea, key: string): Promise<T | null> {
    const got = await area.get(key);
    return (got[key] as T | undefined) ?? null;
  }

  return {
    auth: () => read<Auth>(local, KEYS.auth),
    setAuth: (auth: Auth | null) =>
      auth ? local.set({ [KEYS.auth]: auth }) : local.remove(KEYS.auth),

    async settings(): Promise<Settings> {
      return { ...DEFAULT_SETTINGS, ...(await read<Partial<Settings>>(local, KEYS.settings)) };
    },
    async updateSettings(patch: Partial<Settings>): Promise<Settings> {
      const next = { ...(await this.settings()), ...patch };
      await local.set({ [KEYS.settings]: next });
      return next;
    },

    pending: () => read<PendingConnect>(session, KEYS.pending),
    setPending: (p: PendingConnect | null) =>
      p ? session.set({ [KEYS.pending]: p }) : session.remove(KEYS.pending),

    incidents: () => read<IncidentList>(session, KEYS.incidents),
    setIncidents: (list: IncidentList | null) =>
      list ? session.set({ [KEYS.incidents]: list }) : session.remove(KEYS.incidents),

    async connection(): Promise<Connection> {
      const auth = await read<Auth>(local, KEYS.auth);
      if (auth?.token && auth.me) return { state: "connected", server: auth.server, me: auth.me };
      if (auth) return { state: "reconnect", server: auth.server };
      return { state: "disconnected", server: (await this.settings()).server };
    },
  };
}

export type State = ReturnType<typeof createState>;
