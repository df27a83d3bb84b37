import { getDb } from "@/db/client";
import { oneClickUnsubscribe } from "@/server/messaging/unsubscribe";

export const dynamic = "force-dynamic";

/** RFC 8058 one-click unsubscribe (the List-Unsubscribe-Post target); see server/messaging/unsubscribe.ts. */
export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  return oneClickUnsubscribe(await getDb(), req, (await ctx.params).token);
}
