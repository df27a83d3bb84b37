/**
 * Error ingest: validate events one by one, derive fingerprints, and write each batch of up
 * to 1,000 in one transaction (write.ts). Used by POST /api/v1/events (handler.ts), the demo
 * seeder and the simulator.
 */
import type { Db } from "@/db/client";
import { describeZodError } from "@/server/errors";
import { getWorkspaceSettings, MIN_RETENTION_DAYS } from "@/server/workspaces/settings";
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
  /** The clock for "not in the future" and "not older than retention" (default: now). */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Validates and stores events for a workspace. Invalid events are listed in `rejected` (by
 * their index in `events`) and the valid ones are stored anyway; an id the workspace has
 * seen before — or that repeats within `events` — counts as a duplicate and is not stored
 * again. More than 1,000 events are written as several consecutive transactions.
 *
 * A timestamp may be at most 24 hours ahead, and no older than the workspace's raw-event
 * retention: an event the retention job would delete at once is refused. That also keeps out
 * years 0–99, which PostgreSQL stores but drizzle's Date parsing of its text reads back as
 * 1950–2049 ("0001-01-01 00:00:00+00" → 2001).
 */
export async function ingestEvents(
  db: Db,
  workspaceId: string,
  events: readonly (IngestEventInput | unknown)[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const now = (opts.now ?? new Date()).getTime();
  const parsed = events.map((raw) => eventSchema.safeParse(raw));
  const times = parsed.map((p) => (p.success ? Date.parse(p.data.timestamp) : now));
  // Events from the last day are within any workspace's retention: most batches need no look-up.
  const retentionDays = times.some((t) => t < now - MIN_RETENTION_DAYS * DAY_MS)
    ? (await getWorkspaceSettings(db, workspaceId)).eventRetentionDays
    : MIN_RETENTION_DAYS;
  const earliest = now - retentionDays * DAY_MS;
  const latest = now + MAX_FUTURE_MS;

  const rejected: IngestResult["rejected"] = [];
  const valid: ValidEvent[] = [];
  parsed.forEach((p, index) => {
    if (!p.success) {
      rejected.push({ index, error: describeZodError(p.error) });
      return;
    }
    const e = p.data;
    const at = times[index];
    if (at > latest) {
      rejected.push({ index, error: "timestamp: more than 24 hours in the future" });
      return;
    }
    if (at < earliest) {
      const days = retentionDays === 1 ? "1 day" : `${retentionDays} days`;
      rejected.push({
        index,
        error: `timestamp: older than this workspace's raw-event retention of ${days}`,
      });
      return;
    }
    valid.push({
      clientId: e.id,
      occurredAt: new Date(at).toISOString(),
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
