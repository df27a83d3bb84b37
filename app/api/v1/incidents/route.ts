import { getDb } from "@/db/client";
import { listIncidentsApi } from "@/server/incidents/read-api";

export const dynamic = "force-dynamic";

/** Lists incidents; see server/incidents/read-api.ts and the README's REST API section. */
export async function GET(req: Request) {
  return listIncidentsApi(await getDb(), req);
}
