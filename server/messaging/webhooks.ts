/**
 * Resend webhooks: what happened to each email after the provider accepted it.
 *
 * 1. Verify the signature with the SDK (Standard Webhooks: webhook-id, webhook-timestamp,
 *    webhook-signature, RESEND_WEBHOOK_SECRET). A bad signature stores nothing.
 * 2. In one transaction: record the delivery's id in webhook_delivery (a delivery seen before
 *    does nothing: Resend delivers at least once), move the message forward, and for a bounce
 *    or complaint put the address on the workspace's suppression list with the provider's reason.
 *
 * Deliveries arrive in any order, so a message only ever moves forward along
 *   queued, sending, failed < sent < delivered < opened < bounced < complained
 * (an "opened" followed by a late "delivered" stays opened; each event's time is kept in its
 * own column whatever the order). The message is found by the provider's email id, or — when
 * the webhook outruns the worker recording that id — by the message_id tag the worker sends
 * with every email, checked against the recipient address.
 */
import { sql } from "drizzle-orm";
import { Resend } from "resend";
import { z } from "zod";
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { DomainError, describeZodError, invalid, unauthorized } from "@/server/errors";
import { queryRows } from "@/server/ingest/sql";

export const WEBHOOK_EVENTS = {
  "email.sent": { state: "sent", column: "sent_at" },
  "email.delivered": { state: "delivered", column: "delivered_at" },
  "email.opened": { state: "opened", column: "opened_at" },
  "email.bounced": { state: "bounced", column: "bounced_at" },
  "email.complained": { state: "complained", column: "complained_at" },
} as const;

type EventType = keyof typeof WEBHOOK_EVENTS;

/** How far along a message is; a webhook never moves it to a lower rank. */
const RANK_SQL = (column: string) =>
  sql.raw(`case ${column}
  when 'queued' then 0 when 'sending' then 1 when 'failed' then 1 when 'suppressed' then 1
  when 'sent' then 2 when 'delivered' then 3 when 'opened' then 4
  when 'bounced' then 5 when 'complained' then 6 end`);

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(100).optional(),
  data: z
    .object({
      email_id: z.string().min(1).max(200).optional(),
      to: z.union([z.string(), z.array(z.string())]).optional(),
      tags: z
        .union([
          z.record(z.string(), z.string()),
          z.array(z.object({ name: z.string(), value: z.string() })),
        ])
        .optional(),
      bounce: z
        .object({
          message: z.string().optional(),
          type: z.string().optional(),
          subType: z.string().optional(),
        })
        .optional(),
    })
    .loose(),
});

export interface WebhookHeaders {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
}

export interface WebhookOutcome {
  /** The delivery id had been applied before: nothing done. */
  duplicate: boolean;
  type: string;
  /** Messages moved forward (0 when already further along, unknown, or not an email event). */
  updated: number;
  suppressed: boolean;
}

function verify(rawBody: string, headers: WebhookHeaders, secret: string): unknown {
  if (!headers.id || !headers.timestamp || !headers.signature)
    throw unauthorized("Missing webhook-id, webhook-timestamp or webhook-signature header.");
  try {
    // The SDK's verification needs no API key, but its constructor insists on one.
    return new Resend(env().RESEND_API_KEY ?? "re_webhook_verification").webhooks.verify({
      payload: rawBody,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      webhookSecret: secret,
    });
  } catch {
    throw unauthorized("The webhook signature does not verify.");
  }
}

const tagValue = (tags: z.infer<typeof eventSchema>["data"]["tags"], name: string) =>
  Array.isArray(tags) ? tags.find((t) => t.name === name)?.value : tags?.[name];

export async function handleResendWebhook(
  db: Db,
  rawBody: string,
  headers: WebhookHeaders,
  secret: string,
): Promise<WebhookOutcome> {
  const payload = verify(rawBody, headers, secret);
  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success)
    throw invalid(`Unexpected webhook payload: ${describeZodError(parsed.error)}`);
  const event = parsed.data;
  const deliveryId = headers.id!;
  if (deliveryId.length > 200) throw invalid("webhook-id is longer than 200 characters.");
  const at =
    event.created_at && !Number.isNaN(Date.parse(event.created_at))
      ? event.created_at
      : new Date().toISOString();

  return db.transaction(async (tx) => {
    const [fresh] = await queryRows<{ id: string }>(
      tx,
      sql`insert into webhook_delivery (id, type) values (${deliveryId}, ${event.type})
          on conflict (id) do nothing returning id`,
    );
    if (!fresh) return { duplicate: true, type: event.type, updated: 0, suppressed: false };
    const effect = WEBHOOK_EVENTS[event.type as EventType];
    const emailId = event.data.email_id;
    if (!effect || !emailId)
      return { duplicate: false, type: event.type, updated: 0, suppressed: false };

    const to = (typeof event.data.to === "string" ? [event.data.to] : (event.data.to ?? [])).map(
      (t) => t.toLowerCase(),
    );
    const tagged = Number(tagValue(event.data.tags, "message_id"));
    const byTag =
      Number.isSafeInteger(tagged) && tagged > 0 && to.length > 0
        ? sql`or (m.id = ${tagged} and m.provider_id is null and m.email in (${sql.join(
            to.map((t) => sql`${t}`),
            sql`, `,
          )}))`
        : sql``;
    const [target] = await queryRows<{ id: number; workspace_id: string; email: string }>(
      tx,
      sql`select m.id, m.workspace_id, m.email from message m
          where m.provider_id = ${emailId} ${byTag}
          order by (m.provider_id = ${emailId}) desc nulls last limit 1 for update`,
    );
    if (!target) return { duplicate: false, type: event.type, updated: 0, suppressed: false };

    const column = sql.raw(effect.column);
    const moved = await queryRows<{ id: number }>(
      tx,
      sql`update message m set
            ${column} = coalesce(m.${column}, ${at}::timestamptz),
            provider_id = coalesce(m.provider_id, ${emailId}),
            state = case when ${RANK_SQL("m.state")} < ${RANK_SQL(`'${effect.state}'`)}
                         then ${effect.state}::message_state else m.state end
          where m.id = ${target.id} and m.workspace_id = ${target.workspace_id}
            and ${RANK_SQL("m.state")} < ${RANK_SQL(`'${effect.state}'`)}
          returning m.id`,
    );
    // The event's own time is kept even when the message is further along already.
    if (!moved.length)
      await tx.execute(
        sql`update message m set ${column} = coalesce(m.${column}, ${at}::timestamptz)
            where m.id = ${target.id} and m.workspace_id = ${target.workspace_id}`,
      );

    let suppressed = false;
    if (effect.state === "bounced" || effect.state === "complained") {
      const bounce = event.data.bounce;
      const detail =
        effect.state === "bounced"
          ? [bounce?.type, bounce?.subType, bounce?.message].filter(Boolean).join(": ") || null
          : "the recipient marked the email as spam";
      const rows = await queryRows<{ email: string }>(
        tx,
        sql`insert into suppression (workspace_id, email, reason, detail, message_id)
            values (${target.workspace_id}, ${target.email}, ${effect.state}, ${detail?.slice(0, 1000) ?? null}, ${target.id})
            on conflict (workspace_id, email) do nothing returning email`,
      );
      suppressed = rows.length > 0;
    }
    return { duplicate: false, type: event.type, updated: moved.length, suppressed };
  });
}

/** The secret, or a plain 404 when Resend webhooks are not configured here. */
export function webhookSecret(): string {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret)
    throw new DomainError(
      "not_found",
      "Resend webhooks are not configured on this server (set RESEND_WEBHOOK_SECRET).",
    );
  return secret;
}
