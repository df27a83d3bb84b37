import { getDb } from "@/db/client";
import { activityApi } from "@/server/extension/api";
import { extensionPreflight } from "@/server/extension/handler";

export const dynamic = "force-dynamic";

/** What an agent did with an update (inserted it into a reply); see docs/extension.md. */
export async function POST(req: Request) {
  return activityApi(await getDb(), req);
}

export function OPTIONS(req: Request) {
  return extensionPreflight(req);
}
