/**
 * Which attributes customers have and their most common values, for the filter chips.
 * Cheap by design: it aggregates the newest ATTRIBUTE_SAMPLE customers (one index walk),
 * not the whole directory, so it costs the same at 5,000 and at 500,000 customers.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "./sql";

export const ATTRIBUTE_SAMPLE = 5_000;
export const TOP_VALUES = 20;

const valueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const attributeKeysOutput = z.object({
  /** How many customers were looked at, and whether that was all of them. */
  sampled: z.number(),
  complete: z.boolean(),
  keys: z.array(
    z.object({
      key: z.string(),
      /** Customers in the sample that have this attribute. */
      customers: z.number(),
      distinctValues: z.number(),
      /** The most common values, most common first, with their counts in the sample. */
      values: z.array(z.object({ value: valueSchema, count: z.number() })),
    }),
  ),
});
export type AttributeKeys = z.infer<typeof attributeKeysOutput>;

export async function attributeKeys(db: DbOrTx, workspaceId: string): Promise<AttributeKeys> {
  const rows = rowsOf<{
    key: string | null;
    type: string | null;
    text: string | null;
    n: number;
    key_n: number;
    distinct_values: number;
    sampled: number;
  }>(
    await db.execute(sql`
      with sample as (
        select attributes from customer
        where workspace_id = ${workspaceId}
        order by id desc
        limit ${ATTRIBUTE_SAMPLE}
      ),
      counted as (
        select e.key, e.value, count(*)::int as n
        from sample, jsonb_each(sample.attributes) e
        where jsonb_typeof(e.value) in ('string', 'number', 'boolean')
        group by e.key, e.value
      ),
      ranked as (
        select key, value, n,
          row_number() over (partition by key order by n desc, value) as rn,
          sum(n) over (partition by key)::int as key_n,
          count(*) over (partition by key)::int as distinct_values
        from counted
      )
      select r.key, jsonb_typeof(r.value) as type, r.value #>> '{}' as text, r.n, r.key_n,
        r.distinct_values, (select count(*)::int from sample) as sampled
      from (select 1) one
      left join ranked r on r.rn <= ${TOP_VALUES}
      order by r.key_n desc, r.key, r.rn
    `),
  );
  const sampled = Number(rows[0]?.sampled ?? 0);
  const keys = new Map<string, AttributeKeys["keys"][number]>();
  for (const r of rows) {
    if (r.key === null || r.text === null) continue;
    let entry = keys.get(r.key);
    if (!entry) {
      entry = {
        key: r.key,
        customers: Number(r.key_n),
        distinctValues: Number(r.distinct_values),
        values: [],
      };
      keys.set(r.key, entry);
    }
    const value =
      r.type === "number" ? Number(r.text) : r.type === "boolean" ? r.text === "true" : r.text;
    entry.values.push({ value, count: Number(r.n) });
  }
  return { sampled, complete: sampled < ATTRIBUTE_SAMPLE, keys: [...keys.values()] };
}
