import { getDb } from "@/db/client";
import { createUpdateApi, listUpdatesApi } from "@/server/messaging/api";

export const dynamic = "force-dynamic";

/** The incident's status updates with their delivery counts; see server/messaging/api.ts. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return listUpdatesApi(await getDb(), req, await ctx.params);
}

/** Posts a status update (sent, or awaiting approval above the threshold). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return createUpdateApi(await getDb(), req, await ctx.params);
}
