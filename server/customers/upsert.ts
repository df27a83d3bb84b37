/**
 * Writing customers: a batch of up to 1,000 becomes two multi-row statements (customers,
 * then contacts), each fed by one jsonb parameter so batch size never meets PostgreSQL's
 * parameter limit. Attributes merge (`attributes || new`: new keys win, others stay),
 * contacts are upserted by (customer, email), and a row that would not change is not
 * touched, so sending the same batch twice leaves the same state and reports 0 updated.
 */
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Attributes } from "@/db/schema";
import { invalid } from "@/server/errors";
import {
  CUSTOMER_LIMITS,
  customerInputSchema,
  type CustomerInput,
  type UpsertResult,
} from "./schema";
import { rowsOf } from "./sql";

export interface CustomerWrite {
  externalId: string;
  name?: string;
  attributes: Attributes;
  contacts: { email: string; name?: string; locale?: string }[];
  /** When an event named this customer; last_seen_at only ever moves forward. */
  seenAt?: Date;
}

/**
 * Folds repeated external ids within one batch into a single write (later values win, as
 * if the entries had been sent one after the other), so one statement never has to update
 * the same row twice.
 */
export function mergeBatch(customers: CustomerWrite[]): CustomerWrite[] {
  const byId = new Map<string, CustomerWrite>();
  for (const c of customers) {
    const prev = byId.get(c.externalId);
    if (!prev) {
      byId.set(c.externalId, { ...c, attributes: { ...c.attributes }, contacts: [...c.contacts] });
      continue;
    }
    prev.name = c.name ?? prev.name;
    // Spread, not Object.assign: copying defines keys and never sets a prototype.
    prev.attributes = { ...prev.attributes, ...c.attributes };
    prev.contacts.push(...c.contacts);
    if (c.seenAt && (!prev.seenAt || c.seenAt > prev.seenAt)) prev.seenAt = c.seenAt;
  }
  for (const c of byId.values()) {
    const contacts = new Map<string, CustomerWrite["contacts"][number]>();
    for (const k of c.contacts) {
      const prev = contacts.get(k.email);
      contacts.set(k.email, {
        email: k.email,
        name: k.name ?? prev?.name,
        locale: k.locale ?? prev?.locale,
      });
    }
    c.contacts = [...contacts.values()];
  }
  return [...byId.values()];
}

export function toWrite(c: CustomerInput): CustomerWrite {
  return {
    externalId: c.id,
    name: c.name,
    attributes: c.attributes ?? {},
    contacts: c.contacts ?? [],
  };
}

/**
 * Upserts already-validated customers inside the caller's transaction and returns the
 * internal id of every customer named, for callers (ingest) that go on to write rows
 * pointing at them.
 */
export async function writeCustomers(
  tx: DbOrTx,
  workspaceId: string,
  customers: CustomerWrite[],
): Promise<UpsertResult & { ids: Map<string, number> }> {
  const batch = mergeBatch(customers);
  if (batch.length === 0) return { created: 0, updated: 0, ids: new Map() };

  const customerRows = JSON.stringify(
    batch.map((c) => ({
      external_id: c.externalId,
      name: c.name ?? null,
      attributes: c.attributes,
      seen_at: c.seenAt?.toISOString() ?? null,
    })),
  );
  // ORDER BY gives every concurrent batch the same lock order, so overlapping batches
  // wait for each other instead of deadlocking.
  const changed = rowsOf<{ id: string | number; external_id: string; inserted: boolean }>(
    await tx.execute(sql`
      insert into customer (workspace_id, external_id, name, attributes, last_seen_at)
      select ${workspaceId}, x.external_id, x.name, x.attributes, x.seen_at
      from jsonb_to_recordset(${customerRows}::jsonb)
        as x(external_id text, name text, attributes jsonb, seen_at timestamptz)
      order by x.external_id
      on conflict (workspace_id, external_id) do update set
        name = coalesce(excluded.name, customer.name),
        attributes = customer.attributes || excluded.attributes,
        last_seen_at = greatest(customer.last_seen_at, excluded.last_seen_at),
        updated_at = now()
      where (excluded.name is not null and excluded.name is distinct from customer.name)
        or not (customer.attributes @> excluded.attributes)
        or excluded.last_seen_at > coalesce(customer.last_seen_at, '-infinity'::timestamptz)
      returning id, external_id, (xmax = 0) as inserted
    `),
  );

  const ids = new Map<string, number>();
  for (const r of changed) ids.set(r.external_id, Number(r.id));
  const missing = batch.filter((c) => !ids.has(c.externalId)).map((c) => c.externalId);
  if (missing.length) {
    const unchanged = rowsOf<{ id: string | number; external_id: string }>(
      await tx.execute(sql`
        select id, external_id from customer
        where workspace_id = ${workspaceId}
          and external_id in (select jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb))
      `),
    );
    for (const r of unchanged) ids.set(r.external_id, Number(r.id));
  }

  const contactRows = batch.flatMap((c) =>
    c.contacts.map((k) => ({
      customer_id: ids.get(c.externalId),
      email: k.email,
      name: k.name ?? null,
      locale: k.locale ?? null,
    })),
  );
  const contactChanged = new Set<number>();
  if (contactRows.length) {
    const rows = rowsOf<{ customer_id: string | number }>(
      await tx.execute(sql`
        insert into contact (workspace_id, customer_id, email, name, locale)
        select ${workspaceId}, x.customer_id, x.email, x.name, x.locale
        from jsonb_to_recordset(${JSON.stringify(contactRows)}::jsonb)
          as x(customer_id bigint, email text, name text, locale text)
        order by x.customer_id, x.email
        on conflict (workspace_id, customer_id, email) do update set
          name = coalesce(excluded.name, contact.name),
          locale = coalesce(excluded.locale, contact.locale)
        where (excluded.name is not null and excluded.name is distinct from contact.name)
          or (excluded.locale is not null and excluded.locale is distinct from contact.locale)
        returning customer_id
      `),
    );
    for (const r of rows) contactChanged.add(Number(r.customer_id));
  }

  const createdIds = new Set(changed.filter((r) => r.inserted).map((r) => Number(r.id)));
  const updatedIds = new Set(changed.filter((r) => !r.inserted).map((r) => Number(r.id)));
  const touchedByContacts = [...contactChanged].filter(
    (id) => !createdIds.has(id) && !updatedIds.has(id),
  );
  if (touchedByContacts.length) {
    await tx.execute(sql`
      update customer set updated_at = now()
      where workspace_id = ${workspaceId}
        and id in (select jsonb_array_elements_text(${JSON.stringify(touchedByContacts)}::jsonb)::bigint)
    `);
  }
  return {
    created: createdIds.size,
    updated: updatedIds.size + touchedByContacts.length,
    ids,
  };
}

/**
 * Validates and upserts up to 1,000 customers in one transaction: all of them or, when any
 * is invalid, none (a DomainError "invalid" naming each bad field, e.g.
 * `customers.3.contacts.0.email: Invalid email address`).
 */
export async function upsertCustomers(
  db: Db,
  workspaceId: string,
  customers: unknown[],
): Promise<UpsertResult> {
  if (customers.length > CUSTOMER_LIMITS.batch) {
    throw invalid(`At most ${CUSTOMER_LIMITS.batch} customers per request`);
  }
  const parsed = customerInputSchema.array().safeParse(customers);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ ...i, path: ["customers", ...i.path] }));
    const message = issues
      .slice(0, 10)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ");
    throw invalid(message, issues);
  }
  const { created, updated } = await db.transaction((tx) =>
    writeCustomers(tx, workspaceId, parsed.data.map(toWrite)),
  );
  return { created, updated };
}
