/**
 * Delivery through the real Resend SDK against the local Resend-compatible server, and into the
 * built-in mailbox. Every test ends with the server's own record: each queued address received
 * exactly one email (no duplicate, no loss).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxEmail, message, sendBatch, suppression } from "@/db/schema";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { startResendServer, type ResendServer } from "@/server/testing/resend-server";
import { claimBatch } from "./batches";
import { composeBatch, loadBatch } from "./compose";
import { deliverAll, deliverOnce, batchIdempotencyKey, type DeliveryOptions } from "./worker";
import { mailboxTransport, resendTransport } from "./transport";
import {
  deliverUntilSettled,
  messageStates,
  messagesOf,
  queueUpdate,
  updateContent,
  type QueuedUpdate,
} from "./test-helpers";

let env: TestEnv;
let server: ResendServer;

beforeAll(async () => {
  env = await createTestEnv();
  server = await startResendServer();
});
afterAll(async () => {
  await server.close();
  await env.close();
});

function viaResend(extra: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return {
    db: env.db,
    transport: resendTransport(server.apiKey, server.url),
    ratePerSecond: 1000,
    timeoutMs: 2_000,
    backoffBaseMs: 20,
    backoffCapMs: 100,
    ...extra,
  };
}

/** Every address of the update got exactly one email from the server, and no one else did. */
function expectExactlyOnce(update: QueuedUpdate) {
  const counts = server.countByAddress();
  for (const email of update.emails) expect(counts.get(email), email).toBe(1);
  expect(server.duplicates()).toEqual([]);
}

describe("delivery through Resend", () => {
  it("sends each queued message once, in batches of MAIL_BATCH_SIZE under the batch's key, with one-click unsubscribe", async () => {
    const update = await queueUpdate(env.db, { recipients: 250 });
    const before = server.requests.length;
    const steps = await deliverAll(viaResend({ batchSize: 100 }));
    expect(steps.map((s) => s.kind === "batch" && s.count)).toEqual([100, 100, 50]);
    expectExactlyOnce(update);

    const calls = server.requests.slice(before);
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
    const batches = await env.db
      .select()
      .from(sendBatch)
      .where(eq(sendBatch.workspaceId, update.workspaceId));
    expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(
      new Set(batches.map((b) => batchIdempotencyKey(b.id))),
    );
    expect(batches.every((b) => b.state === "done" && b.attempts === 1)).toBe(true);

    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows.every((m) => m.state === "sent" && m.providerId && m.sentAt)).toBe(true);
    const email = server.sent.find((e) => e.to[0] === update.emails[0])!;
    expect(rows[0].providerId).toBe(email.id);
    expect(email.from).toBe("Acme Status <status@acme.test>");
    expect(email.subject).toBe("Investigating: Checkout fails for EU customers");
    expect(email.text).toContain("Person 1");
    expect(email.html).toContain("<strong>some</strong>");
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.headers["List-Unsubscribe"]).toMatch(
      /^<http:\/\/localhost:\d+\/api\/unsubscribe\/[^>]+>$/,
    );
    expect(email.tags).toEqual([{ name: "message_id", value: String(rows[0].id) }]);

    // Nothing is left to send: a second pass sends nothing.
    expect(await deliverAll(viaResend())).toEqual([]);
  });

  it("writes to each contact in their language, falling back to the base language, then English", async () => {
    const de = await queueUpdate(env.db, { recipients: 1, locale: "de-AT" });
    const fr = await queueUpdate(env.db, { recipients: 1, locale: "fr" });
    await deliverAll(viaResend());
    const subjectOf = (to: string) => server.sent.find((e) => e.to[0] === to)!.subject;
    expect(subjectOf(de.emails[0])).toMatch(/Checkout fails for EU customers/);
    expect(subjectOf(de.emails[0])).not.toMatch(/^Investigating/);
    expect(subjectOf(fr.emails[0])).toBe("Investigating: Checkout fails for EU customers");
  });

  it("marks suppressed addresses 'suppressed' at claim time and never sends them", async () => {
    const update = await queueUpdate(env.db, { recipients: 5 });
    const [bounced] = update.emails;
    await env.db.insert(suppression).values({
      workspaceId: update.workspaceId,
      email: bounced,
      reason: "bounced",
      detail: "mailbox does not exist",
    });
    await deliverAll(viaResend());
    expect(server.countByAddress().get(bounced)).toBeUndefined();
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows[0]).toMatchObject({ state: "suppressed", batchId: null });
    expect(rows[0].error).toBe("suppressed: bounced (mailbox does not exist)");
    expect(await messageStates(env.db, update.statusUpdateId)).toEqual({ sent: 4, suppressed: 1 });
  });

  it("honours 429 Retry-After: the batch waits and is then sent once", async () => {
    const update = await queueUpdate(env.db, { recipients: 30 });
    server.failNext({ kind: "429", retryAfterSeconds: 1 });
    const started = Date.now();
    await deliverUntilSettled(env.db, update.statusUpdateId, viaResend());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expectExactlyOnce(update);
    const [batch] = await env.db
      .select()
      .from(sendBatch)
      .where(eq(sendBatch.workspaceId, update.workspaceId));
    // A 429 is not an attempt: nothing reached the provider.
    expect(batch).toMatchObject({ state: "done", attempts: 1 });
  });

  it("retries 500s with backoff under the same key, then sends once", async () => {
    const update = await queueUpdate(env.db, { recipients: 30 });
    server.failNext({ kind: "500" }, 2);
    const before = server.requests.length;
    await deliverUntilSettled(env.db, update.statusUpdateId, viaResend());
    const calls = server.requests.slice(before);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
    expectExactlyOnce(update);
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows.every((m) => m.state === "sent" && m.attempts === 3)).toBe(true);
  });

  it("a time-out after the provider accepted the batch: sent again under the same key, answered without a second email", async () => {
    const update = await queueUpdate(env.db, { recipients: 20 });
    server.failNext({ kind: "hold", ms: 1_500 });
    const before = server.requests.length;
    await deliverUntilSettled(env.db, update.statusUpdateId, viaResend({ timeoutMs: 300 }));
    expectExactlyOnce(update);
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    const ids = new Map(server.sent.map((e) => [e.to[0], e.id]));
    expect(rows.every((m) => m.state === "sent" && m.providerId === ids.get(m.email))).toBe(true);
    expect(server.requests.length - before).toBeGreaterThanOrEqual(2);
  });

  it("a call that never answers times out and is retried", async () => {
    const update = await queueUpdate(env.db, { recipients: 20 });
    server.failNext({ kind: "hang" });
    await deliverUntilSettled(env.db, update.statusUpdateId, viaResend({ timeoutMs: 300 }));
    expectExactlyOnce(update);
  });

  it("gives up after maxAttempts and records why", async () => {
    const update = await queueUpdate(env.db, { recipients: 3 });
    server.failNext({ kind: "500" }, 3);
    await deliverUntilSettled(env.db, update.statusUpdateId, viaResend({ maxAttempts: 3 }));
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows.every((m) => m.state === "failed" && m.failedAt)).toBe(true);
    expect(rows[0].error).toMatch(/^gave up after 3 attempts: internal_server_error \(500\)/);
    for (const email of update.emails) expect(server.countByAddress().get(email)).toBeUndefined();
  });

  it("a refusal (validation_error) fails the messages at once with the provider's message", async () => {
    const update = await queueUpdate(env.db, {
      recipients: 3,
      content: updateContent({ from: "not an address" }),
    });
    const before = server.requests.length;
    await deliverUntilSettled(env.db, update.statusUpdateId, viaResend());
    expect(server.requests.slice(before).map((c) => c.status)).toEqual([422]);
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows.every((m) => m.state === "failed")).toBe(true);
    expect(rows[0].error).toBe("validation_error (422): emails[0].from: Invalid `from` field.");
  });

  it("a batch the provider accepted but nobody recorded (the worker died) is taken over and not sent twice", async () => {
    const update = await queueUpdate(env.db, { recipients: 40 });
    // What a worker killed right after the provider's answer leaves behind: a claimed batch,
    // accepted by the provider, messages still 'sending'.
    const { batch } = await claimBatch(env.db, { worker: "dead", batchSize: 100, leaseSeconds: 1 });
    const emails = await composeBatch(await loadBatch(env.db, batch!.workspaceId, batch!.id));
    const first = await resendTransport(server.apiKey, server.url).send(
      batchIdempotencyKey(batch!.id),
      emails,
      AbortSignal.timeout(2_000),
    );
    expect(first.kind).toBe("sent");
    expect(await messageStates(env.db, update.statusUpdateId)).toEqual({ sending: 40 });

    // Before the lease runs out nobody touches it; afterwards the next worker sends the same
    // bytes under the same key and records the provider's first answer.
    expect((await deliverOnce(viaResend())).kind).toBe("idle");
    await new Promise((r) => setTimeout(r, 1_100));
    const step = await deliverOnce(viaResend());
    expect(step).toMatchObject({ kind: "batch", batchId: batch!.id, outcome: "sent" });
    expectExactlyOnce(update);
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows.map((m) => m.providerId)).toEqual(first.kind === "sent" ? first.providerIds : []);
  });

  it("keeps to the rate limit: N calls take at least (N - 1) / rate seconds", async () => {
    const update = await queueUpdate(env.db, { recipients: 50 });
    const before = server.requests.length;
    await deliverAll(viaResend({ batchSize: 10, ratePerSecond: 5 }));
    const calls = server.requests.slice(before);
    expect(calls).toHaveLength(5);
    // Slots are 200 ms apart on the database's clock; arrival at the server jitters a little.
    expect(calls[4].at - calls[0].at).toBeGreaterThanOrEqual(760);
    expectExactlyOnce(update);
  });
});

describe("delivery to the built-in mailbox", () => {
  it("stores each message once as the recipient would see it, however often a batch is sent", async () => {
    const update = await queueUpdate(env.db, { recipients: 7 });
    const transport = mailboxTransport(env.db);
    const { batch } = await claimBatch(env.db, { worker: "w", batchSize: 100, leaseSeconds: 1 });
    const emails = await composeBatch(await loadBatch(env.db, batch!.workspaceId, batch!.id));
    // Sent once by a worker that then died, and again by the one that took over.
    await transport.send(batchIdempotencyKey(batch!.id), emails, AbortSignal.timeout(1_000));
    await new Promise((r) => setTimeout(r, 1_100));
    await deliverUntilSettled(env.db, update.statusUpdateId, { db: env.db, transport });

    const stored = await env.db
      .select()
      .from(mailboxEmail)
      .where(eq(mailboxEmail.workspaceId, update.workspaceId));
    expect(stored.map((m) => m.to).sort()).toEqual([...update.emails].sort());
    const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    expect(rows.every((m) => m.state === "sent")).toBe(true);
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const m of rows) expect(byId.get(m.providerId!)?.messageId).toBe(m.id);
    expect(stored[0].headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(stored[0].subject).toBe("Investigating: Checkout fails for EU customers");
    expect(stored[0].html).toContain("Payments are failing");
    const [{ n }] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(message)
      .where(eq(message.statusUpdateId, update.statusUpdateId));
    expect(Number(n)).toBe(7);
  });
});
