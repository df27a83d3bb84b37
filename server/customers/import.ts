/**
 * The CSV import's server half. The browser parses the file and maps its columns; it sends
 * rows in chunks of at most 1,000, each with its line number in the file. Unlike the REST
 * API (all or nothing), the import stores every valid row and reports each invalid one by
 * its row number: a person fixing a spreadsheet wants the good rows in and a list of the rest.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { describeZodError } from "@/server/errors";
import { customerInputSchema, CUSTOMER_LIMITS, type CustomerInput } from "./schema";
import { toWrite, writeCustomers } from "./upsert";

export const importChunkInput = z.object({
  rows: z
    .array(
      z.object({
        /** The row's number in the user's file, echoed back in errors. */
        row: z.number().int().min(1),
        /** Checked per row by the same schema as the REST API. */
        customer: z.unknown(),
      }),
    )
    .min(1)
    .max(CUSTOMER_LIMITS.batch),
});
export type ImportChunk = z.input<typeof importChunkInput>;

export const importResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  /** Rows stored (created, updated or already up to date). */
  imported: z.number(),
  failed: z.array(z.object({ row: z.number(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export async function importCustomerChunk(
  db: Db,
  workspaceId: string,
  chunk: ImportChunk,
): Promise<ImportResult> {
  const { rows } = importChunkInput.parse(chunk);
  const valid: CustomerInput[] = [];
  const failed: ImportResult["failed"] = [];
  for (const { row, customer } of rows) {
    const parsed = customerInputSchema.safeParse(customer);
    if (parsed.success) valid.push(parsed.data);
    else failed.push({ row, message: describeZodError(parsed.error, 5) });
  }
  if (valid.length === 0) return { created: 0, updated: 0, imported: 0, failed };
  const { created, updated } = await db.transaction((tx) =>
    writeCustomers(tx, workspaceId, valid.map(toWrite)),
  );
  return { created, updated, imported: valid.length, failed };
}
