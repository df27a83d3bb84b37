/**
 * The outbox's state changes, each one short transaction:
 *
 * 1. claimBatch: take over a batch whose lease ran out (its worker died or it waits for a
 *    retry), else claim up to MAIL_BATCH_SIZE queued messages of one workspace with
 *    FOR UPDATE SKIP LOCKED, turn the suppressed ones to 'suppressed', and commit a send_batch
 *    holding the rest ('sending') — all before the provider is called, so that whatever happens
 *    next, the batch and its idempotency key exist.
 * 2. After the call: recordSent (provider ids; the batch is done), recordRetry (the batch waits
 *    under a new lease and any worker sends it again, same key, same bytes), or recordFailed.
 *
 * Lock order is always send_batch before message, and claims skip locked rows, so concurrent
 * workers never wait on each other's claims and cannot deadlock.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jsonb, list, queryRows } from "@/server/ingest/sql";

export interface ClaimedBatch {
  id: string;
  workspaceId: string;
  /** Provider calls already made for this batch. */
  attempts: number;
  /** An open batch taken over from another (or a previous) attempt. */
  resumed: boolean;
}

export interface ClaimResult {
  batch: ClaimedBatch | null;
  /** Messages turned 'suppressed' instead of being claimed. */
  suppressed: number;
}

export async function claimBatch(
  db: DbOrTx,
  opts: { worker: string; batchSize: number; leaseSeconds: number },
): Promise<ClaimResult> {
  return db.transaction(async (tx) => {
    const lease = sql`make_interval(secs => ${opts.leaseSeconds}::int)`;
    const [resumed] = await queryRows<{ id: string; workspace_id: string; attempts: number }>(
      tx,
      sql`update send_batch set lease_until = now() + ${lease}, worker = ${opts.worker}
          where id = (select id from send_batch where state = 'open' and lease_until <= now()
                      order by lease_until limit 1 for update skip locked)
          returning id, workspace_id, attempts`,
    );
    if (resumed) {
      return {
        batch: {
          id: resumed.id,
          workspaceId: resumed.workspace_id,
          attempts: Number(resumed.attempts),
          resumed: true,
        },
        suppressed: 0,
      };
    }

    const [first] = await queryRows<{ workspace_id: string }>(
      tx,
      sql`select workspace_id from message
          where state = 'queued' and next_attempt_at <= now()
          order by next_attempt_at, id limit 1 for update skip locked`,
    );
    if (!first) return { batch: null, suppressed: 0 };
    const workspaceId = first.workspace_id;
    const rows = await queryRows<{ id: number; reason: string | null; detail: string | null }>(
      tx,
      sql`select m.id, s.reason::text as reason, s.detail from message m
          left join suppression s on s.workspace_id = m.workspace_id and s.email = m.email
          where m.state = 'queued' and m.next_attempt_at <= now() and m.workspace_id = ${workspaceId}
          order by m.next_attempt_at, m.id limit ${opts.batchSize}
          for update of m skip locked`,
    );
    const suppressed = rows.filter((r) => r.reason !== null);
    const sendable = rows.filter((r) => r.reason === null).map((r) => Number(r.id));
    if (suppressed.length) {
      await tx.execute(
        sql`update message set state = 'suppressed',
              error = 'suppressed: ' || v.reason || coalesce(' (' || v.detail || ')', '')
            from jsonb_to_recordset(${jsonb(suppressed)}) as v(id bigint, reason text, detail text)
            where message.id = v.id and message.workspace_id = ${workspaceId}`,
      );
    }
    if (!sendable.length) return { batch: null, suppressed: suppressed.length };
    const [batch] = await queryRows<{ id: string }>(
      tx,
      sql`insert into send_batch (workspace_id, lease_until, worker)
          values (${workspaceId}, now() + ${lease}, ${opts.worker}) returning id`,
    );
    await tx.execute(
      sql`update message set state = 'sending', batch_id = ${batch.id}
          where workspace_id = ${workspaceId} and id in ${list(sendable)}`,
    );
    return {
      batch: { id: batch.id, workspaceId, attempts: 0, resumed: false },
      suppressed: suppressed.length,
    };
  });
}

/** Keeps the batch this worker's while it waits for its rate-limit slot and the call. */
export async function extendLease(
  db: DbOrTx,
  batch: ClaimedBatch,
  worker: string,
  untilMsFromNow: number,
): Promise<void> {
  await db.execute(
    sql`update send_batch
        set lease_until = greatest(lease_until, now() + make_interval(secs => ${untilMsFromNow / 1000}::float8))
        where id = ${batch.id} and state = 'open' and worker = ${worker}`,
  );
}

/** The provider accepted the batch: each message gets its provider id; the batch is done. */
export async function recordSent(
  db: DbOrTx,
  batch: ClaimedBatch,
  sent: { id: number; providerId: string }[],
  attempts: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    // Whoever records first wins; a second worker that sent the same batch under the same key
    // got the same answer and has nothing to add.
    const [open] = await queryRows<{ id: string }>(
      tx,
      sql`update send_batch set state = 'done', done_at = now(), attempts = ${attempts}, last_error = null
          where id = ${batch.id} and state = 'open' returning id`,
    );
    if (!open) return;
    // A webhook may have moved a message further already (delivered, opened): keep that.
    await tx.execute(
      sql`update message set
            state = case when message.state = 'sending' then 'sent'::message_state else message.state end,
            provider_id = v.provider_id, sent_at = coalesce(message.sent_at, now()),
            attempts = ${attempts}, error = null
          from jsonb_to_recordset(${jsonb(sent.map((s) => ({ id: s.id, provider_id: s.providerId })))})
            as v(id bigint, provider_id text)
          where message.id = v.id and message.batch_id = ${batch.id}
            and message.workspace_id = ${batch.workspaceId}`,
    );
  });
}

/** The batch waits `delayMs`, then any worker sends it again under the same key. */
export async function recordRetry(
  db: DbOrTx,
  batch: ClaimedBatch,
  opts: { delayMs: number; reason: string; attempts: number },
): Promise<void> {
  await db.execute(
    sql`update send_batch set attempts = ${opts.attempts}, last_error = ${opts.reason},
          lease_until = now() + make_interval(secs => ${opts.delayMs / 1000}::float8)
        where id = ${batch.id} and state = 'open'`,
  );
}

/** The batch will not be sent: its messages are 'failed' with the reason. */
export async function recordFailed(
  db: DbOrTx,
  batch: ClaimedBatch,
  opts: { reason: string; attempts: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [open] = await queryRows<{ id: string }>(
      tx,
      sql`update send_batch set state = 'done', done_at = now(), attempts = ${opts.attempts},
            last_error = ${opts.reason}
          where id = ${batch.id} and state = 'open' returning id`,
    );
    if (!open) return;
    await tx.execute(
      sql`update message set state = 'failed', error = ${opts.reason}, failed_at = now(),
            attempts = ${opts.attempts}
          where batch_id = ${batch.id} and workspace_id = ${batch.workspaceId} and state = 'sending'`,
    );
  });
}
