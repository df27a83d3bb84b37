/**
 * `PUT /api/v1/customers` — upsert up to 1,000 customers with an `ingest` key.
 * All or nothing: when any customer is invalid the answer is 400 naming every bad field
 * (`customers.3.contacts.0.email: Invalid email address`) and nothing of the batch is stored,
 * so a client can fix the batch and resend it whole.
 */
import { apiHandler, jsonResponse, parseBody, readJsonBody } from "@/server/api";
import { customersUpsertSchema } from "./schema";
import { toWrite, writeCustomers } from "./upsert";

export const putCustomers = apiHandler("ingest", async ({ db, req, caller }) => {
  const body = parseBody(customersUpsertSchema, await readJsonBody(req));
  const { created, updated } = await db.transaction((tx) =>
    writeCustomers(tx, caller.workspaceId, body.customers.map(toWrite)),
  );
  return jsonResponse(200, { created, updated });
});
