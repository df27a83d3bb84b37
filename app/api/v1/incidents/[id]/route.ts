import { getDb } from "@/db/client";
import { getIncidentApi } from "@/server/incidents/read-api";

export const dynamic = "force-dynamic";

/** One incident with its issues and events per minute; see server/incidents/read-api.ts. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return getIncidentApi(await getDb(), req, await ctx.params);
}
