/**
 * A workspace's messaging settings (the workspace_messaging row): the sender address, the
 * approval threshold, and the keys with which the customer's own app reads its notices.
 *
 * The row is created on first use, with fresh keys:
 *   - noticeKey    `pk_` + 24 base62 characters. Publishable: it names the workspace to
 *                  GET /api/v1/notices and widget.js and may sit in page source.
 *   - noticeSecret 32 random bytes, base64url. The customer's backend signs customer ids with
 *                  it (hex HMAC-SHA256), as Intercom's identity verification does.
 *
 * `noticeSettingsByKey` keeps a small in-process cache by key, because the notices endpoint
 * reads it on every call of every customer's page view; saving or rotating in this process
 * forgets the entry at once, other processes within NOTICE_KEY_CACHE_MS.
 */
import { randomBytes, randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { organization, workspaceMessaging } from "@/db/schema";
import { isStorableText } from "@/server/customers/schema";
import { env } from "@/server/env";
import { processWide } from "@/server/process-wide";

export const DEFAULT_APPROVAL_THRESHOLD = 500;
export const MAX_ALLOWED_ORIGINS = 50;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const NOTICE_KEY_PATTERN = /^pk_[0-9A-Za-z]{24}$/;

export function newNoticeKey(): string {
  let s = "pk_";
  for (let i = 0; i < 24; i++) s += BASE62[randomInt(BASE62.length)];
  return s;
}

export function newNoticeSecret(): string {
  return randomBytes(32).toString("base64url");
}

// Validation ------------------------------------------------------------------------------

const SENDER = /^([^<>\r\n]+?)\s*<([^<>\s]+)>$/;

/** `Name <address>`: a display name and an email address, nothing that could break a header. */
export const senderAddressSchema = z
  .string({ error: "Sender address must be text." })
  .trim()
  .max(320, "Sender address must be at most 320 characters.")
  .refine(isStorableText, "Sender address must be valid text.")
  .refine((s) => {
    const m = SENDER.exec(s);
    return Boolean(m && m[1].trim() && z.email().safeParse(m[2]).success);
  }, "Sender address must look like `Acme Status <status@acme.com>`.");

/** An origin as a browser sends it: scheme, host and port only, no path. */
export function normaliseOrigin(value: string): string | null {
  const s = value.trim();
  if (!/^https?:\/\//i.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  // An origin has no path, query or fragment ("https://app.acme.com/" is tolerated).
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(s)) return null;
  return url.origin;
}

export const allowedOriginsSchema = z
  .array(
    z
      .string()
      .max(300, "An origin must be at most 300 characters.")
      .refine(isStorableText, "An origin must be valid text."),
  )
  .max(MAX_ALLOWED_ORIGINS, `At most ${MAX_ALLOWED_ORIGINS} origins.`)
  .transform((values, ctx) => {
    const out: string[] = [];
    for (const v of values) {
      if (!v.trim()) continue;
      const origin = normaliseOrigin(v);
      if (!origin) {
        ctx.addIssue({
          code: "custom",
          message: `"${v.trim().slice(0, 80)}" is not an origin: write it as https://app.example.com (scheme, host and port, no path).`,
        });
        return z.NEVER;
      }
      if (!out.includes(origin)) out.push(origin);
    }
    return out;
  });

export const messagingSettingsInput = z.object({
  /** null: the server's MAIL_FROM. */
  mailFrom: senderAddressSchema.nullable(),
  approvalThreshold: z
    .number({ error: "Approval threshold must be a number." })
    .int("Approval threshold must be a whole number.")
    .min(1, "Approval threshold must be at least 1.")
    .max(1_000_000, "Approval threshold must be at most 1,000,000."),
  allowedOrigins: allowedOriginsSchema,
});

export type MessagingSettingsInput = z.output<typeof messagingSettingsInput>;
export type MessagingSettingsRow = typeof workspaceMessaging.$inferSelect;

// Reading and writing ----------------------------------------------------------------------

/** The workspace's row, created with fresh keys when it has none yet. */
export async function getMessagingSettings(
  db: DbOrTx,
  workspaceId: string,
): Promise<MessagingSettingsRow> {
  const [row] = await db
    .select()
    .from(workspaceMessaging)
    .where(eq(workspaceMessaging.workspaceId, workspaceId))
    .limit(1);
  if (row) return row;
  await db
    .insert(workspaceMessaging)
    .values({ workspaceId, noticeKey: newNoticeKey(), noticeSecret: newNoticeSecret() })
    .onConflictDoNothing({ target: workspaceMessaging.workspaceId });
  // Two first uses at once: one insert wins, both read the same row.
  const [created] = await db
    .select()
    .from(workspaceMessaging)
    .where(eq(workspaceMessaging.workspaceId, workspaceId))
    .limit(1);
  return created;
}

/** The address updates are sent from: the workspace's own, else MAIL_FROM. */
export function senderOf(row: Pick<MessagingSettingsRow, "mailFrom">): string {
  return row.mailFrom ?? env().MAIL_FROM;
}

export async function saveMessagingSettings(
  db: DbOrTx,
  workspaceId: string,
  input: MessagingSettingsInput,
  userId: string | null,
): Promise<MessagingSettingsRow> {
  const before = await getMessagingSettings(db, workspaceId);
  const [row] = await db
    .update(workspaceMessaging)
    .set({ ...input, updatedBy: userId, updatedAt: new Date() })
    .where(eq(workspaceMessaging.workspaceId, workspaceId))
    .returning();
  forgetNoticeKey(before.noticeKey);
  return row;
}

/**
 * New publishable key and secret at once: every widget snippet and every hash the customer's
 * backend computed stop working, which is the point when one leaked.
 */
export async function rotateNoticeKeys(
  db: DbOrTx,
  workspaceId: string,
  userId: string | null,
): Promise<MessagingSettingsRow> {
  const before = await getMessagingSettings(db, workspaceId);
  const [row] = await db
    .update(workspaceMessaging)
    .set({
      noticeKey: newNoticeKey(),
      noticeSecret: newNoticeSecret(),
      updatedBy: userId,
      updatedAt: new Date(),
    })
    .where(eq(workspaceMessaging.workspaceId, workspaceId))
    .returning();
  forgetNoticeKey(before.noticeKey);
  return row;
}

// The notices endpoint's cache -------------------------------------------------------------

export const NOTICE_KEY_CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

export interface NoticeSettings {
  workspaceId: string;
  workspaceName: string;
  noticeSecret: string;
  allowedOrigins: string[];
}

const cache = processWide(
  "noticeKeyCache",
  () => new Map<string, { at: number; value: NoticeSettings | null }>(),
);

function forgetNoticeKey(key: string) {
  cache.delete(key);
}

/**
 * The workspace a publishable key names, with its secret and origins; null for an unknown
 * key (remembered too, so that a flood of one bad key costs one query per NOTICE_KEY_CACHE_MS).
 */
export async function noticeSettingsByKey(
  db: DbOrTx,
  key: string,
  now = Date.now(),
): Promise<NoticeSettings | null> {
  if (!NOTICE_KEY_PATTERN.test(key)) return null;
  const hit = cache.get(key);
  if (hit && now - hit.at < NOTICE_KEY_CACHE_MS) return hit.value;
  const [row] = await db
    .select({
      workspaceId: workspaceMessaging.workspaceId,
      workspaceName: organization.name,
      noticeSecret: workspaceMessaging.noticeSecret,
      allowedOrigins: workspaceMessaging.allowedOrigins,
    })
    .from(workspaceMessaging)
    .innerJoin(organization, eq(organization.id, workspaceMessaging.workspaceId))
    .where(eq(workspaceMessaging.noticeKey, key))
    .limit(1);
  const value: NoticeSettings | null = row ?? null;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { at: now, value });
  return value;
}
