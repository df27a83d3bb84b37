/**
 * Error ingest: validate events one by one, derive fingerprints, and write each batch of up
 * to 1,000 in one transaction (write.ts). Used by POST /api/v1/events (handler.ts), the demo
 * seeder and the simulator.
 */
import type { Db } from "@/db/client";
import { describeZodError } from "@/server/errors";
import { deriveFingerprint } from "./fingerprint";
import {
  eventSchema,
  MAX_EVENTS_PER_REQUEST,
  MAX_FUTURE_MS,
  type IngestEventInput,
  type IngestResult,
} from "./schema";
import { writeBatch, type ValidEvent } from "./write";

export type { IngestEventInput, IngestResult } from "./schema";
export { deriveFingerprint, normalizeMessage } from "./fingerprint";

export interface IngestOptions {
  /** The clock for "not in the future" (default: now). */
  now?: Date;
}

/**
 * Validates and stores events for a workspace. Invalid events are listed in `rejected` (by
 * their index in `events`) and the valid ones are stored anyway; an id the workspace has
 * seen before — or that repeats within `events` — counts as a duplicate and is not stored
 * again. More than 1,000 events are written as several consecutive transactions.
 */
export async function ingestEvents(
  db: Db,
  workspaceId: string,
  events: readonly (IngestEventInput | unknown)[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const latest = (opts.now ?? new Date()).getTime() + MAX_FUTURE_MS;
  const rejected: IngestResult["rejected"] = [];
  const valid: ValidEvent[] = [];
  events.forEach((raw, index) => {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, error: describeZodError(parsed.error) });
      return;
    }
    const e = parsed.data;
    const occurredAt = new Date(e.timestamp);
    if (occurredAt.getTime() > latest) {
      rejected.push({ index, error: "timestamp: more than 24 hours in the future" });
      return;
    }
    valid.push({
      clientId: e.id,
      occurredAt: occurredAt.toISOString(),
      service: e.service,
      errorType: e.error.type,
      message: e.error.message,
      fingerprint: e.fingerprint ?? deriveFingerprint(e.service, e.error.type, e.error.message),
      customer: {
        externalId: e.customer.id,
        email: e.customer.email,
        name: e.customer.name,
        attributes: e.customer.attributes,
      },
      attributes: e.attributes ?? {},
    });
  });

  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < valid.length; i += MAX_EVENTS_PER_REQUEST) {
    const r = await writeBatch(db, workspaceId, valid.slice(i, i + MAX_EVENTS_PER_REQUEST));
    accepted += r.accepted;
    duplicates += r.duplicates;
  }
  return { accepted, duplicates, rejected };
}
