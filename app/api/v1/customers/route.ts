import { getDb } from "@/db/client";
import { putCustomers } from "@/server/customers/api";

export const dynamic = "force-dynamic";

/** Upserts customers; see server/customers/api.ts and docs/api.md. */
export async function PUT(req: Request) {
  return putCustomers(await getDb(), req);
}
