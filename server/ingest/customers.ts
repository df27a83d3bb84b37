/**
 * The customer directory side of ingest: every customer an event names exists afterwards,
 * with the event's attributes merged in (`attributes = old || new`), its name if it sent one,
 * last_seen_at (to within five minutes), and a contact for each new email.
 *
 * Known customers whose row would not change are only read, never written or locked: batches
 * from the same customers must not wait for each other here (see write.ts). Their contacts
 * are read with them, so only emails not seen before are written.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { Attributes } from "@/db/schema";
import { jsonb, queryRows } from "./sql";
import type { ValidEvent } from "./write";

/**
 * last_seen_at is an activity baseline (who was active lately), so it moves in steps of five
 * minutes: a customer row is heavy to rewrite (search vector, GIN indexes), and most events
 * name customers seen moments before.
 */
const LAST_SEEN_STEP_MS = 5 * 60_000;

interface Wanted {
  external_id: string;
  name: string | null;
  attributes: Attributes;
  last_seen_at: string;
}

interface Existing {
  id: string | number;
  external_id: string;
  name: string | null;
  attributes: Attributes;
  last_seen_ms: number | null;
  emails: string[] | null;
}

/** Returns external id → customer id for every customer of `events`. */
export async function upsertCustomers(
  tx: Tx,
  workspaceId: string,
  events: ValidEvent[],
): Promise<Map<string, number>> {
  const wanted = new Map<string, Wanted>();
  const emails = new Map<string, Set<string>>();
  for (const e of events) {
    const c = e.customer;
    const row = wanted.get(c.externalId);
    if (!row) {
      wanted.set(c.externalId, {
        external_id: c.externalId,
        name: c.name ?? null,
        attributes: { ...c.attributes },
        last_seen_at: e.occurredAt,
      });
    } else {
      if (c.name !== undefined) row.name = c.name;
      // Spread, not Object.assign: copying defines keys and never sets a prototype.
      row.attributes = { ...row.attributes, ...c.attributes };
      if (e.occurredAt > row.last_seen_at) row.last_seen_at = e.occurredAt;
    }
    if (c.email) emails.set(c.externalId, (emails.get(c.externalId) ?? new Set()).add(c.email));
  }

  const existing = await queryRows<Existing>(
    tx,
    sql`select id, external_id, name, attributes,
               (extract(epoch from last_seen_at) * 1000)::float8 as last_seen_ms,
               array(select email from contact t
                     where t.workspace_id = customer.workspace_id and t.customer_id = customer.id)
                 as emails
        from customer
        where workspace_id = ${workspaceId}
          and external_id = any(array(select jsonb_array_elements_text(${jsonb([...wanted.keys()])})))`,
  );
  const ids = new Map<string, number>();
  const known = new Map(existing.map((r) => [r.external_id, r]));
  const writes: Wanted[] = [];
  for (const w of wanted.values()) {
    const k = known.get(w.external_id);
    if (k && !changes(k, w)) ids.set(w.external_id, Number(k.id));
    else writes.push(w);
  }

  if (writes.length) {
    // New customers, and known ones that change. The merge happens in SQL against the row as
    // it is when locked, so concurrent batches never lose each other's attributes.
    const written = await queryRows<{ id: string | number; external_id: string }>(
      tx,
      sql`
        insert into customer (workspace_id, external_id, name, attributes, last_seen_at)
        select ${workspaceId}, c.external_id, c.name, c.attributes, c.last_seen_at
        from jsonb_to_recordset(${jsonb(writes)})
          as c(external_id text, name text, attributes jsonb, last_seen_at timestamptz)
        order by c.external_id
        on conflict (workspace_id, external_id) do update set
          name = coalesce(excluded.name, customer.name),
          attributes = customer.attributes || excluded.attributes,
          last_seen_at = greatest(customer.last_seen_at, excluded.last_seen_at),
          updated_at = case
            when excluded.name is distinct from customer.name and excluded.name is not null
              or not customer.attributes @> excluded.attributes
            then now() else customer.updated_at end
        returning id, external_id`,
    );
    for (const r of written) ids.set(r.external_id, Number(r.id));
  }

  const contacts: { customer_id: number; email: string }[] = [];
  for (const [externalId, set] of emails) {
    const have = known.get(externalId)?.emails ?? [];
    for (const email of set) {
      if (!have.includes(email)) contacts.push({ customer_id: ids.get(externalId)!, email });
    }
  }
  if (contacts.length) {
    await tx.execute(sql`
      insert into contact (workspace_id, customer_id, email)
      select ${workspaceId}, c.customer_id, c.email
      from jsonb_to_recordset(${jsonb(contacts)}) as c(customer_id bigint, email text)
      order by c.customer_id, c.email
      on conflict (workspace_id, customer_id, email) do nothing`);
  }
  return ids;
}

function changes(k: Existing, w: Wanted): boolean {
  if (w.name !== null && w.name !== k.name) return true;
  for (const [key, value] of Object.entries(w.attributes)) {
    if (!k.attributes || !Object.hasOwn(k.attributes, key) || k.attributes[key] !== value) {
      return true;
    }
  }
  const seen = Date.parse(w.last_seen_at);
  return k.last_seen_ms === null || seen >= Number(k.last_seen_ms) + LAST_SEEN_STEP_MS;
}
