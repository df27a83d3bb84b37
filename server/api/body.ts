/** Reading request bodies for /api/v1: a byte limit, precise JSON errors, zod validation. */
import type { z } from "zod";
import { describeZodError, invalid, payloadTooLarge } from "@/server/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(maxBytes: number) {
  return payloadTooLarge(
    `Request body is larger than ${formatBytes(maxBytes)}; send fewer items per request.`,
  );
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/** The body as text, refusing (413) more than `maxBytes` without reading past the limit. */
export async function readBodyText(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalid("Request body is not valid UTF-8.");
  }
}

/** The body parsed as JSON: 413 past `maxBytes`, 400 naming the syntax error when malformed. */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === "") throw invalid("Request body is empty; expected a JSON document.");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(`Malformed JSON: ${(err as Error).message}.`);
  }
}

/** Validates `value` against `schema`; a mismatch is a 400 naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw invalid(`Invalid request body: ${describeZodError(parsed.error)}`, {
      issues: parsed.error.issues.slice(0, 20),
    });
  }
  return parsed.data;
}
