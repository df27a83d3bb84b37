/**
 * The provider's rate limit, kept across every worker process: Resend counts requests per
 * account. One row of send_rate holds the earliest moment the next request may go; a worker
 * reserves the next slot with one atomic upsert (the row lock orders concurrent reservations)
 * and sleeps until it, measured on the database's clock.
 *
 * A call may leave a little after its slot (a timer fires late while the process renders
 * another batch). So that no one second ever holds more than `perSecond` calls, slots are
 * spaced (1 s + LATE_MS) / perSecond apart and a call later than LATE_MS gives its slot up:
 * calls n slots apart are then at least n·spacing − LATE_MS ≥ 1 s apart when n = perSecond.
 * The price is LATE_MS / 1 s of the limit (1 %).
 */
export const LATE_MS = 10;

/** The time between two slots, in ms. */
export const slotSpacingMs = (perSecond: number) => (1000 + LATE_MS) / perSecond;

import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queryRows } from "@/server/ingest/sql";

/** Reserves the next request slot; answers how long to wait for it, in ms. */
export async function reserveSlot(db: DbOrTx, name: string, perSecond: number): Promise<number> {
  const gap = sql`make_interval(secs => ${slotSpacingMs(perSecond) / 1000}::float8)`;
  const [row] = await queryRows<{ wait_ms: number }>(
    db,
    sql`insert into send_rate as r (name, next_slot) values (${name}, clock_timestamp() + ${gap})
        on conflict (name) do update
          set next_slot = greatest(r.next_slot, clock_timestamp()) + ${gap}
        returning greatest(0, extract(epoch from (r.next_slot - ${gap} - clock_timestamp())) * 1000)::float8 as wait_ms`,
  );
  return Number(row.wait_ms);
}

/** After a 429 nobody sends before the provider's Retry-After has passed. */
export async function holdOff(db: DbOrTx, name: string, ms: number): Promise<void> {
  await db.execute(
    sql`insert into send_rate as r (name, next_slot)
          values (${name}, clock_timestamp() + make_interval(secs => ${ms / 1000}::float8))
        on conflict (name) do update
          set next_slot = greatest(r.next_slot, clock_timestamp() + make_interval(secs => ${ms / 1000}::float8))`,
  );
}
