import { getDb } from "@/db/client";
import { getNotices, noticesPreflight } from "@/server/messaging/notices-api";

export const dynamic = "force-dynamic";

/** A customer's active notices, for the customer's own app; see server/messaging/notices-api.ts. */
export async function GET(req: Request) {
  return getNotices(await getDb(), req);
}

export async function OPTIONS(req: Request) {
  return noticesPreflight(await getDb(), req);
}
