import { getDb } from "@/db/client";
import { meApi } from "@/server/extension/api";
import { extensionPreflight } from "@/server/extension/handler";

export const dynamic = "force-dynamic";

/** Who the agent token acts for; see server/extension/api.ts and docs/extension.md. */
export async function GET(req: Request) {
  return meApi(await getDb(), req);
}

export function OPTIONS(req: Request) {
  return extensionPreflight(req);
}
