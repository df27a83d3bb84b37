/**
 * Outboxes for delivery tests: a workspace, an incident and a sent status update whose
 * messages are queued exactly as the send path leaves them (one row per address, content
 * frozen on the update), written in bulk with SQL. Delivery reads nothing else.
 */
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { message, type UpdateContent } from "@/db/schema";
import { queryRows } from "@/server/ingest/sql";
import { DEFAULT_TEMPLATES } from "@/server/messaging/render/defaults";
import { deliverOnce, type DeliveryOptions } from "./worker";

export interface QueuedUpdate {
  workspaceId: string;
  statusUpdateId: string;
  emails: string[];
}

export function updateContent(overrides: Partial<UpdateContent> = {}): UpdateContent {
  return {
    workspaceName: "Acme",
    from: "Acme Status <status@acme.test>",
    incidentReference: "INC-1",
    incidentTitle: "Checkout fails for EU customers",
    segmentInWords: "customers in eu-west",
    templates: {
      en: DEFAULT_TEMPLATES.en.investigating,
      de: DEFAULT_TEMPLATES.de.investigating,
    },
    ...overrides,
  };
}

/** A workspace with an incident and a sent update queued to `recipients` addresses. */
export async function queueUpdate(
  db: Db,
  opts: { recipients: number; workspaceId?: string; content?: UpdateContent; locale?: string },
): Promise<QueuedUpdate> {
  const tag = randomBytes(4).toString("hex");
  const workspaceId = opts.workspaceId ?? `ws_${tag}`;
  if (!opts.workspaceId) {
    await db.execute(
      sql`insert into organization (id, name, slug) values (${workspaceId}, 'Acme', ${`acme-${tag}`})`,
    );
  }
  const [inc] = await queryRows<{ id: string }>(
    db,
    sql`insert into incident (workspace_id, number, title)
        values (${workspaceId}, (select coalesce(max(number), 0) + 1 from incident where workspace_id = ${workspaceId}), 'Checkout fails')
        returning id`,
  );
  const content = opts.content ?? updateContent();
  const [update] = await queryRows<{ id: string }>(
    db,
    sql`insert into status_update (workspace_id, incident_id, number, status, title, body, audience, reach,
                                   content, state, recipient_count, customer_count, sent_at)
        values (${workspaceId}, ${inc.id}, 1, 'investigating', 'Payments are failing',
                ${"Card payments fail for **some** customers in eu-west.\n\n- retry later"},
                '{"kind":"incident"}'::jsonb, 'audience', ${JSON.stringify(content)}::jsonb, 'sent',
                ${opts.recipients}, ${opts.recipients}, '2026-12-04T10:00:00Z')
        returning id`,
  );
  await db.execute(
    sql`insert into message (workspace_id, status_update_id, incident_id, customer_id, email, name, locale)
        select ${workspaceId}, ${update.id}, ${inc.id}, g, 'person' || g || '-' || ${tag} || '@example.com',
               'Person ' || g, ${opts.locale ?? null}
        from generate_series(1, ${opts.recipients}::int) g`,
  );
  return {
    workspaceId,
    statusUpdateId: update.id,
    emails: Array.from({ length: opts.recipients }, (_, i) => `person${i + 1}-${tag}@example.com`),
  };
}

export async function messageStates(db: Db, statusUpdateId: string) {
  const rows = await db
    .select({ state: message.state, n: sql<number>`count(*)::int` })
    .from(message)
    .where(eq(message.statusUpdateId, statusUpdateId))
    .groupBy(message.state);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export async function messagesOf(db: Db, workspaceId: string, statusUpdateId: string) {
  return db
    .select()
    .from(message)
    .where(and(eq(message.workspaceId, workspaceId), eq(message.statusUpdateId, statusUpdateId)))
    .orderBy(message.id);
}

/** Runs one worker lane until no message of the update is queued or sending. */
export async function deliverUntilSettled(
  db: Db,
  statusUpdateId: string,
  opts: DeliveryOptions,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await messageStates(db, statusUpdateId);
    if (!states.queued && !states.sending) return;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(states)}`);
    const step = await deliverOnce(opts);
    if (step.kind === "idle") await new Promise((r) => setTimeout(r, 50));
  }
}
