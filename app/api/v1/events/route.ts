import { getDb } from "@/db/client";
import { postEvents } from "@/server/ingest/handler";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return postEvents(await getDb(), req);
}
