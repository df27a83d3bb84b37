import { getDb } from "@/db/client";
import { listIncidentCustomersApi } from "@/server/incidents/read-api";

export const dynamic = "force-dynamic";

/** An incident's affected customers, a page at a time; see server/incidents/read-api.ts. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return listIncidentCustomersApi(await getDb(), req, await ctx.params);
}
