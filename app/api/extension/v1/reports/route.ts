import { getDb } from "@/db/client";
import { reportsApi } from "@/server/extension/api";
import { extensionPreflight } from "@/server/extension/handler";

export const dynamic = "force-dynamic";

/** A customer reported affected, or a suspected new problem; see docs/extension.md. */
export async function POST(req: Request) {
  return reportsApi(await getDb(), req);
}

export function OPTIONS(req: Request) {
  return extensionPreflight(req);
}
