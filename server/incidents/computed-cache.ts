/**
 * A per-incident cache for results that are too slow to compute on every poll of the incident
 * page (the attribute breakdown, the segment analysis): pages read through it and never wait
 * long for a computation.
 *
 * - a value that is still fresh comes from memory;
 * - a stale one (up to `serveStaleMs` old) is answered at once, marked `refreshing`, while one
 *   computation — shared by every concurrent reader — replaces it in the background;
 * - with nothing to show, the read waits up to `waitMs` and otherwise answers "computing", so
 *   the page's other queries never wait for it; the page asks again shortly.
 *
 * Each app instance keeps its own cache; it is only a cache.
 */
import type { DbOrTx } from "@/db/client";

export type CachedRead<T> =
  | { status: "ready"; value: T; refreshing: boolean }
  | { status: "computing"; value: null; refreshing: true };

interface Entry<T> {
  /** When `value` was computed (ms since the epoch). */
  at: number;
  value?: T;
  pending?: Promise<T>;
  error?: unknown;
}

export interface ReadOptions<T> {
  /** Whether a value computed `ageMs` ago may be answered without recomputing. */
  fresh: (value: T, ageMs: number) => boolean;
  serveStaleMs: number;
  waitMs: number;
}

/** Entries kept per database handle; the oldest goes first. */
const MAX_ENTRIES = 500;

export function computedCache<T>(
  compute: (db: DbOrTx, workspaceId: string, incidentId: string) => Promise<T>,
) {
  // Per database handle (tests open many), per workspace + incident.
  const caches = new WeakMap<object, Map<string, Entry<T>>>();

  function cacheOf(db: DbOrTx) {
    let cache = caches.get(db);
    if (!cache) {
      cache = new Map();
      caches.set(db, cache);
    }
    return cache;
  }

  function start(db: DbOrTx, cache: Map<string, Entry<T>>, workspaceId: string, id: string) {
    const key = `${workspaceId}:${id}`;
    const entry = cache.get(key) ?? { at: 0 };
    if (entry.pending) return entry.pending;
    const pending = compute(db, workspaceId, id);
    entry.pending = pending;
    entry.error = undefined;
    cache.set(key, entry);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    pending.then(
      (value) => cache.set(key, { at: Date.now(), value }),
      (error) => cache.set(key, { at: entry.at, value: entry.value, error }),
    );
    return pending;
  }

  async function read(
    db: DbOrTx,
    workspaceId: string,
    incidentId: string,
    opts: ReadOptions<T>,
  ): Promise<CachedRead<T>> {
    const cache = cacheOf(db);
    const key = `${workspaceId}:${incidentId}`;
    const entry = cache.get(key);
    if (entry?.error && !entry.pending) {
      cache.delete(key);
      throw entry.error;
    }
    const age = entry?.value !== undefined ? Date.now() - entry.at : Infinity;
    if (entry?.value !== undefined && opts.fresh(entry.value, age)) {
      // A computation asked for on purpose may still be under way.
      return { status: "ready", value: entry.value, refreshing: entry.pending !== undefined };
    }
    const pending = start(db, cache, workspaceId, incidentId);
    if (entry?.value !== undefined && age < opts.serveStaleMs) {
      return { status: "ready", value: entry.value, refreshing: true };
    }
    const wait = opts.waitMs;
    const timeout =
      wait <= 0
        ? Promise.resolve(null)
        : new Promise<null>((resolve) => {
            if (Number.isFinite(wait)) setTimeout(() => resolve(null), wait).unref?.();
          });
    let value: T | null;
    try {
      value = await Promise.race([pending, timeout]);
    } catch (err) {
      cache.delete(key); // reported here; the next read starts afresh
      throw err;
    }
    return value !== null
      ? { status: "ready", value, refreshing: false }
      : { status: "computing", value: null, refreshing: true };
  }

  /** The last value computed, however old, without starting a computation. */
  function peek(db: DbOrTx, workspaceId: string, incidentId: string): T | undefined {
    return caches.get(db)?.get(`${workspaceId}:${incidentId}`)?.value;
  }

  return Object.assign(read, { peek });
}
