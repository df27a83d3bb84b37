/**
 * The links a customer gets in a notice: their personal notice page and the unsubscribe
 * page (plus the RFC 8058 one-click address in the List-Unsubscribe header). Each carries a
 * token signed with a key derived from BETTER_AUTH_SECRET; a token names one workspace and
 * one customer (notice) or one address (unsubscribe), so it can never show or change another.
 *
 * Tokens are deterministic — the same inputs give the same token — because an email rebuilt
 * after a crash must be byte for byte the one first offered to the provider.
 *
 * Token: base64url(JSON payload) "." base64url(HMAC-SHA256(purpose key, payload)).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { appUrl, authSecret } from "@/server/env";

/** How long a notice link keeps working after the update that carried it was sent. */
export const NOTICE_LINK_DAYS = 30;

type Purpose = "notice" | "unsubscribe";

function key(purpose: Purpose): Buffer {
  return createHmac("sha256", authSecret()).update(`blastradius ${purpose} link v1`).digest();
}

function sign(purpose: Purpose, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const mac = createHmac("sha256", key(purpose)).update(body).digest("base64url");
  return `${body}.${mac}`;
}

function verify<T>(purpose: Purpose, token: string, schema: z.ZodType<T>): T | null {
  if (typeof token !== "string" || token.length > 2048) return null;
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const expected = createHmac("sha256", key(purpose)).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  // One spelling per signature: base64url's unused low bits must be zero, as `sign` writes them.
  if (given.toString("base64url") !== mac) return null;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const noticePayload = z.object({
  w: z.string().min(1).max(100),
  c: z.number().int().positive(),
  /** expiry, ms since the epoch */
  e: z.number().int().positive(),
});

const unsubscribePayload = z.object({
  w: z.string().min(1).max(100),
  m: z.string().min(3).max(320),
});

export interface NoticeToken {
  workspaceId: string;
  customerId: number;
  expiresAt: Date;
}

export function noticeToken(workspaceId: string, customerId: number, expiresAt: Date): string {
  return sign("notice", { w: workspaceId, c: customerId, e: expiresAt.getTime() });
}

/** The token's workspace and customer, or null when it is forged, malformed or expired. */
export function readNoticeToken(token: string, now = new Date()): NoticeToken | null {
  const p = verify("notice", token, noticePayload);
  if (!p || p.e <= now.getTime()) return null;
  return { workspaceId: p.w, customerId: p.c, expiresAt: new Date(p.e) };
}

export function unsubscribeToken(workspaceId: string, email: string): string {
  return sign("unsubscribe", { w: workspaceId, m: email.toLowerCase() });
}

export function readUnsubscribeToken(token: string): { workspaceId: string; email: string } | null {
  const p = verify("unsubscribe", token, unsubscribePayload);
  return p ? { workspaceId: p.w, email: p.m } : null;
}

/** The customer's notice page, valid NOTICE_LINK_DAYS after `sentAt`. */
export function noticeUrl(workspaceId: string, customerId: number, sentAt: Date): string {
  const expires = new Date(sentAt.getTime() + NOTICE_LINK_DAYS * 24 * 60 * 60 * 1000);
  return `${appUrl()}/notice/${noticeToken(workspaceId, customerId, expires)}`;
}

/** The preference page a person opens from the email's footer. */
export function unsubscribeUrl(workspaceId: string, email: string): string {
  return `${appUrl()}/unsubscribe/${unsubscribeToken(workspaceId, email)}`;
}

/** Where mail clients POST `List-Unsubscribe=One-Click` (RFC 8058). */
export function oneClickUnsubscribeUrl(workspaceId: string, email: string): string {
  return `${appUrl()}/api/unsubscribe/${unsubscribeToken(workspaceId, email)}`;
}
