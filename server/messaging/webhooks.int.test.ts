/**
 * POST /api/webhooks/resend, called with deliveries signed by the local Resend server exactly as
 * Resend signs them, about emails that server really accepted from the delivery worker.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { message, suppression, webhookDelivery } from "@/db/schema";
import { POST } from "@/app/api/webhooks/resend/route";
import { setAppDb } from "@/server/testing/app-routes";
import { createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { startResendServer, type ResendServer } from "@/server/testing/resend-server";
import { deliverAll, resendTransport } from "./delivery";
import { messagesOf, queueUpdate } from "./delivery/test-helpers";

const SECRET = vi.hoisted(() => {
  const secret = `whsec_${Buffer.from("blastradius-webhook-test-secret!").toString("base64")}`;
  process.env.RESEND_WEBHOOK_SECRET = secret;
  return secret;
});

let env: TestEnv;
let server: ResendServer;
let restore: () => void;

beforeAll(async () => {
  env = await createTestEnv();
  restore = await setAppDb(env.open);
  server = await startResendServer();
});
afterAll(async () => {
  restore();
  await server.close();
  await env.close();
});

/** An update delivered through the real SDK; answers its messages with the provider's emails. */
async function delivered(recipients = 2) {
  const update = await queueUpdate(env.db, { recipients });
  await deliverAll({
    db: env.db,
    transport: resendTransport(server.apiKey, server.url),
    ratePerSecond: 1000,
  });
  const rows = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
  return {
    update,
    rows,
    emailOf: (i: number) => server.sent.find((e) => e.id === rows[i].providerId)!,
  };
}

const event = (
  type: string,
  email: { id: string; to: string[] },
  extra: Record<string, unknown> = {},
) => ({
  type,
  data: {
    email_id: email.id,
    to: email.to,
    from: "Acme Status <status@acme.test>",
    subject: "s",
    ...extra,
  },
});

async function messageRow(id: number) {
  const [row] = await env.db.select().from(message).where(eq(message.id, id));
  return row;
}

describe("POST /api/webhooks/resend", () => {
  it("moves a message to delivered, once: a repeated delivery id does nothing", async () => {
    const { rows, emailOf } = await delivered();
    const sent = await server.deliverWebhook(POST, SECRET, event("email.delivered", emailOf(0)), {
      id: "msg_delivered_1",
      timestamp: new Date(),
    });
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ duplicate: false, updated: 1 });
    const after = await messageRow(rows[0].id);
    expect(after.state).toBe("delivered");
    expect(after.deliveredAt).toBeInstanceOf(Date);

    const again = await server.deliverWebhook(POST, SECRET, event("email.opened", emailOf(0)), {
      id: "msg_delivered_1",
    });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true, updated: 0 });
    expect((await messageRow(rows[0].id)).state).toBe("delivered");
    const deliveries = await env.db
      .select()
      .from(webhookDelivery)
      .where(eq(webhookDelivery.id, "msg_delivered_1"));
    expect(deliveries).toHaveLength(1);
    // The other message was not touched.
    expect((await messageRow(rows[1].id)).state).toBe("sent");
  });

  it("never moves a message backwards: delivered after opened stays opened, with both times", async () => {
    const { rows, emailOf } = await delivered(1);
    await server.deliverWebhook(POST, SECRET, event("email.opened", emailOf(0)));
    await server.deliverWebhook(POST, SECRET, event("email.delivered", emailOf(0)));
    await server.deliverWebhook(POST, SECRET, event("email.sent", emailOf(0)));
    const row = await messageRow(rows[0].id);
    expect(row.state).toBe("opened");
    expect(row.openedAt).toBeInstanceOf(Date);
    expect(row.deliveredAt).toBeInstanceOf(Date);
  });

  it("a bounce suppresses the address with the provider's reason, and the next update skips it", async () => {
    const { update, rows, emailOf } = await delivered(2);
    const res = await server.deliverWebhook(
      POST,
      SECRET,
      event("email.bounced", emailOf(0), {
        bounce: {
          type: "Permanent",
          subType: "General",
          message: "The recipient's mailbox does not exist.",
        },
      }),
    );
    expect(JSON.parse(res.body)).toMatchObject({ updated: 1, suppressed: true });
    expect((await messageRow(rows[0].id)).state).toBe("bounced");
    const [s] = await env.db
      .select()
      .from(suppression)
      .where(
        and(eq(suppression.workspaceId, update.workspaceId), eq(suppression.email, rows[0].email)),
      );
    expect(s).toMatchObject({
      reason: "bounced",
      detail: "Permanent: General: The recipient's mailbox does not exist.",
      messageId: rows[0].id,
    });

    // A complaint about the other address suppresses it too.
    await server.deliverWebhook(POST, SECRET, event("email.complained", emailOf(1)));
    expect((await messageRow(rows[1].id)).state).toBe("complained");

    // The workspace's next update reaches neither.
    const next = await queueUpdate(env.db, { recipients: 0, workspaceId: update.workspaceId });
    await env.db.execute(
      sql`insert into message (workspace_id, status_update_id, incident_id, customer_id, email)
          select workspace_id, ${next.statusUpdateId}, incident_id, customer_id, email from message
          where status_update_id = ${update.statusUpdateId}`,
    );
    const before = server.sent.length;
    await deliverAll({
      db: env.db,
      transport: resendTransport(server.apiKey, server.url),
      ratePerSecond: 1000,
    });
    expect(server.sent.length).toBe(before);
    const nextRows = await messagesOf(env.db, update.workspaceId, next.statusUpdateId);
    expect(nextRows.map((m) => m.state)).toEqual(["suppressed", "suppressed"]);
  });

  it("finds the message by its message_id tag when the webhook outruns the worker", async () => {
    const update = await queueUpdate(env.db, { recipients: 1 });
    const [row] = await messagesOf(env.db, update.workspaceId, update.statusUpdateId);
    const res = await server.deliverWebhook(
      POST,
      SECRET,
      event(
        "email.delivered",
        { id: "re_email_not_recorded_yet", to: [row.email] },
        {
          tags: { message_id: String(row.id) },
        },
      ),
    );
    expect(JSON.parse(res.body)).toMatchObject({ updated: 1 });
    expect(await messageRow(row.id)).toMatchObject({
      state: "delivered",
      providerId: "re_email_not_recorded_yet",
    });
    // The tag alone, for another address, finds nothing.
    const other = await server.deliverWebhook(
      POST,
      SECRET,
      event(
        "email.opened",
        { id: "re_other", to: ["someone@else.test"] },
        { tags: { message_id: String(row.id) } },
      ),
    );
    expect(JSON.parse(other.body)).toMatchObject({ updated: 0 });
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const { rows, emailOf } = await delivered(1);
    const count = async () =>
      Number((await env.db.select({ n: sql<number>`count(*)::int` }).from(webhookDelivery))[0].n);
    const before = await count();
    const forged = await server.deliverWebhook(POST, SECRET, event("email.bounced", emailOf(0)), {
      signatureSecret: `whsec_${Buffer.from("someone-else-entirely-0123456789").toString("base64")}`,
    });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body).error.code).toBe("unauthorized");
    const stale = await server.deliverWebhook(POST, SECRET, event("email.bounced", emailOf(0)), {
      timestamp: new Date(Date.now() - 60 * 60 * 1000),
    });
    expect(stale.status).toBe(401);
    const unsigned = await POST(
      new Request("http://app.test/api/webhooks/resend", { method: "POST", body: "{}" }),
    );
    expect(unsigned.status).toBe(401);
    expect(await count()).toBe(before);
    expect((await messageRow(rows[0].id)).state).toBe("sent");
  });

  it("answers 400 for a signed payload of the wrong shape, storing nothing", async () => {
    const res = await server.deliverWebhook(
      POST,
      SECRET,
      { type: "email.delivered", data: "x" } as never,
      {
        id: "msg_bad_shape",
      },
    );
    expect(res.status).toBe(400);
    expect(
      await env.db.select().from(webhookDelivery).where(eq(webhookDelivery.id, "msg_bad_shape")),
    ).toEqual([]);
  });
});
