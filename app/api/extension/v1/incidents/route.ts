import { getDb } from "@/db/client";
import { incidentsApi } from "@/server/extension/api";
import { extensionPreflight } from "@/server/extension/handler";

export const dynamic = "force-dynamic";

/** Active incidents with their latest sent update; see docs/extension.md. */
export async function GET(req: Request) {
  return incidentsApi(await getDb(), req);
}

export function OPTIONS(req: Request) {
  return extensionPreflight(req);
}
