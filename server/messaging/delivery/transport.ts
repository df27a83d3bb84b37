/**
 * Where a batch goes: Resend (through its SDK's batch call, up to 100 emails, with the batch's
 * idempotency key), or the built-in mailbox when no RESEND_API_KEY is set. A transport answers
 * with what happened in words the worker acts on; it never retries by itself.
 */
import { sql } from "drizzle-orm";
import { Resend } from "resend";
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { jsonb, queryRows } from "@/server/ingest/sql";
import type { OutgoingEmail } from "./compose";

export type SendOutcome =
  /** Accepted: one provider id per email, in the order given. */
  | { kind: "sent"; providerIds: string[] }
  /** 429: nothing sent; try again after the provider's Retry-After. */
  | { kind: "rate_limited"; retryAfterMs: number; reason: string }
  /** 5xx, network error, time-out, a key still in flight: may be retried with backoff. */
  | { kind: "retryable"; reason: string }
  /** The provider refused the batch for good (validation, key reused with another body). */
  | { kind: "permanent"; reason: string };

export interface Transport {
  name: "resend" | "mailbox";
  /** Whether calls spend the provider's shared rate limit. */
  rateLimited: boolean;
  send(idempotencyKey: string, emails: OutgoingEmail[], signal: AbortSignal): Promise<SendOutcome>;
}

/** Resend's errors that retrying the same request could get past. */
const RETRYABLE = new Set([
  "concurrent_idempotent_requests",
  "application_error",
  "internal_server_error",
  // A key or account problem fixed by an operator; the attempt cap still ends it.
  "missing_api_key",
  "invalid_api_key",
  "restricted_api_key",
]);

function retryAfterMs(headers: Record<string, string> | null): number {
  const value = headers?.["retry-after"];
  if (!value) return 1_000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 1_000;
}

export function resendTransport(apiKey: string, baseUrl?: string): Transport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    rateLimited: true,
    async send(idempotencyKey, emails, signal) {
      const payload = emails.map((e) => ({
        from: e.from,
        to: [e.to],
        subject: e.subject,
        html: e.html,
        text: e.text,
        headers: e.headers,
        tags: [{ name: "message_id", value: String(e.messageId) }],
      }));
      const res = await resend.batch.send(payload, { idempotencyKey, signal });
      if (signal.aborted) return { kind: "retryable", reason: "timed out waiting for Resend" };
      if (res.error) {
        const { name, message, statusCode } = res.error;
        const reason = `${name}${statusCode ? ` (${statusCode})` : ""}: ${message}`;
        if (statusCode === 429)
          return { kind: "rate_limited", retryAfterMs: retryAfterMs(res.headers), reason };
        if (statusCode === null || statusCode >= 500 || RETRYABLE.has(name))
          return { kind: "retryable", reason };
        return { kind: "permanent", reason };
      }
      const ids = res.data.data.map((d) => d.id);
      if (ids.length !== emails.length)
        return {
          kind: "retryable",
          reason: `Resend answered ${ids.length} ids for ${emails.length} emails`,
        };
      return { kind: "sent", providerIds: ids };
    },
  };
}

/**
 * The built-in mailbox: each email stored as the recipient would see it, once per message
 * (`on conflict (message_id) do nothing`), so a batch sent again stores nothing twice.
 */
export function mailboxTransport(db: Db): Transport {
  return {
    name: "mailbox",
    rateLimited: false,
    async send(_key, emails) {
      const rows = emails.map((e) => ({
        workspace_id: e.workspaceId,
        message_id: e.messageId,
        from: e.from,
        to: e.to,
        subject: e.subject,
        html: e.html,
        text: e.text,
        headers: e.headers,
      }));
      const stored = await queryRows<{ id: string; message_id: number }>(
        db,
        sql`with given as (
              select * from jsonb_to_recordset(${jsonb(rows)}) as x(
                workspace_id text, message_id bigint, "from" text, "to" text, subject text,
                html text, text text, headers jsonb)
            ), inserted as (
              insert into mailbox_email (workspace_id, message_id, "from", "to", subject, html, text, headers)
              select workspace_id, message_id, "from", "to", subject, html, text, headers from given
              on conflict (message_id) do nothing
              returning id, message_id
            )
            select id, message_id from inserted
            union all
            select m.id, m.message_id from mailbox_email m
            join given g on g.message_id = m.message_id and g.workspace_id = m.workspace_id`,
      );
      const byMessage = new Map(stored.map((r) => [Number(r.message_id), String(r.id)]));
      return { kind: "sent", providerIds: emails.map((e) => byMessage.get(e.messageId)!) };
    },
  };
}

/** Resend when RESEND_API_KEY is set, else the mailbox. */
export function transportFromEnv(db: Db): Transport {
  const e = env();
  return e.RESEND_API_KEY
    ? resendTransport(e.RESEND_API_KEY, e.RESEND_BASE_URL)
    : mailboxTransport(db);
}
