import { getDb } from "@/db/client";
import { listIncidentsApi } from "@/server/incidents/read-api";

export const dynamic = "force-dynamic";

/** Lists incidents; see server/incidents/read-api.ts and docs/api.md. */
export async function GET(req: Request) {
  return listIncidentsApi(await getDb(), req);
}
