/**
 * Waking delivery loops when the send path has queued messages, so they look at once instead
 * of at their next poll:
 *
 * - notifyDelivery(tx): inside the transaction that writes the outbox, a NOTIFY on
 *   DELIVERY_CHANNEL, delivered at commit to every process listening (`npm run worker`, other
 *   app instances) through OpenDb.listen; nothing is sent if the transaction rolls back.
 * - wakeDelivery(): after the commit, for a delivery loop in this process (the in-process
 *   worker, which on PGlite starts with the first update sent).
 *
 * The listeners live on globalThis: Next.js bundles instrumentation.ts (which starts the loop)
 * and the route handlers (which send) separately, each with its own copy of this module.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export const DELIVERY_CHANNEL = "blastradius_delivery";

export async function notifyDelivery(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_notify(${DELIVERY_CHANNEL}, '')`);
}

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
