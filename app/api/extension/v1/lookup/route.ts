import { getDb } from "@/db/client";
import { lookupApi } from "@/server/extension/api";
import { extensionPreflight } from "@/server/extension/handler";

export const dynamic = "force-dynamic";

/** Customers named on a ticket and the active incidents they are in; see docs/extension.md. */
export async function POST(req: Request) {
  return lookupApi(await getDb(), req);
}

export function OPTIONS(req: Request) {
  return extensionPreflight(req);
}
