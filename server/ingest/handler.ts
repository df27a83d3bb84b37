/**
 * POST /api/v1/events — `Authorization: Bearer <key>` with the ingest scope,
 * body `{"events":[…]}` (1..1000 events, at most 1 MiB; see schema.ts for each field).
 * 202 `{"accepted":n,"duplicates":n,"rejected":[{"index":i,"error":"…"}]}`.
 */
import { apiHandler, jsonResponse, parseBody, readJsonBody, type ApiContext } from "@/server/api";
import { ingestEvents } from "./index";
import { eventsBodySchema } from "./schema";

export async function handleEvents({ db, req, caller }: ApiContext): Promise<Response> {
  const body = parseBody(eventsBodySchema, await readJsonBody(req));
  const result = await ingestEvents(db, caller.workspaceId, body.events);
  return jsonResponse(202, result);
}

export const postEvents = apiHandler("ingest", handleEvents);
