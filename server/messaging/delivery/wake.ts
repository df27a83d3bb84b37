/**
 * wakeDelivery(): the send path calls it after committing messages, so a delivery loop in this
 * process (the in-process worker on PGlite) looks for them at once instead of at its next poll.
 * Separate workers (`npm run worker`) poll on their own; for them this does nothing.
 *
 * The listeners live on globalThis: Next.js bundles instrumentation.ts (which starts the loop)
 * and the route handlers (which send) separately, each with its own copy of this module.
 */
const store = globalThis as unknown as { __blastradiusDeliveryWake?: Set<() => void> };
const listeners = (store.__blastradiusDeliveryWake ??= new Set());

export function wakeDelivery(): void {
  for (const listener of listeners) listener();
}

/** Registers a loop's wake-up; answers the function that removes it. */
export function onWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
