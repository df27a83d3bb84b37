/**
 * One value per process, whichever copy of a module asks. Next.js bundles route handlers,
 * instrumentation.ts and the app's own entry (scripts/server.ts, which answers
 * GET /api/v1/notices itself) separately, each with its own copy of our modules; caches and
 * limiters that must be one per process live here, on globalThis, under a name.
 */
export function processWide<T>(name: string, make: () => T): T {
  const store = globalThis as unknown as Record<string, unknown>;
  const key = `__blastradius_${name}`;
  if (!(key in store)) store[key] = make();
  return store[key] as T;
}
