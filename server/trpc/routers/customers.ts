/** The customer directory: list, attribute keys for filters, one customer, and the CSV import. */
import { z } from "zod";
import {
  attributeKeys,
  attributeKeysOutput,
  customerDetailSchema,
  customerListInput,
  customerListOutput,
  getCustomer,
  importChunkInput,
  importCustomerChunk,
  importResultSchema,
  listCustomers,
} from "@/server/customers";
import { router, workspaceProcedure } from "../init";

export const customersRouter = router({
  list: workspaceProcedure("viewer")
    .input(customerListInput)
    .output(customerListOutput)
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.workspace.id, input)),

  attributeKeys: workspaceProcedure("viewer")
    .output(attributeKeysOutput)
    .query(({ ctx }) => attributeKeys(ctx.db, ctx.workspace.id)),

  get: workspaceProcedure("viewer")
    .input(z.object({ id: z.number().int().positive() }))
    .output(customerDetailSchema)
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.workspace.id, input.id)),

  /** One chunk (≤ 1,000 rows) of a CSV import: valid rows are stored, invalid ones reported. */
  import: workspaceProcedure("responder")
    .input(importChunkInput)
    .output(importResultSchema)
    .mutation(({ ctx, input }) => importCustomerChunk(ctx.db, ctx.workspace.id, input)),
});
