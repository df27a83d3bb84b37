/** POST /api/webhooks/resend: Resend's delivery events (server/messaging/webhooks.ts). */
import { getDb } from "@/db/client";
import { errorResponse, jsonResponse, readBodyText } from "@/server/api";
import { handleResendWebhook, webhookSecret } from "@/server/messaging/webhooks";

export async function POST(req: Request): Promise<Response> {
  try {
    const secret = webhookSecret();
    const raw = await readBodyText(req);
    const h = req.headers;
    const outcome = await handleResendWebhook(
      await getDb(),
      raw,
      {
        id: h.get("webhook-id") ?? h.get("svix-id"),
        timestamp: h.get("webhook-timestamp") ?? h.get("svix-timestamp"),
        signature: h.get("webhook-signature") ?? h.get("svix-signature"),
      },
      secret,
    );
    return jsonResponse(200, outcome);
  } catch (err) {
    return errorResponse(err);
  }
}
