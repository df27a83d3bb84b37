/** GET /api/health: no auth, no workspace data (server/messaging/delivery/health.ts). */
import { getDb } from "@/db/client";
import { jsonResponse } from "@/server/api";
import { checkHealth } from "@/server/messaging/delivery/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth(getDb);
  return jsonResponse(health.status === "down" ? 503 : 200, health, {
    "Cache-Control": "no-store",
  });
}
