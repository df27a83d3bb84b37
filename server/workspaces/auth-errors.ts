/**
 * better-auth's API throws its own APIError (an HTTP status and a message). Services that
 * call it turn those into our DomainError kinds here, so routers see one error shape.
 */
import { isAPIError } from "better-auth/api";
import { DomainError } from "@/server/errors";

const KIND_BY_STATUS: Record<number, DomainError["code"]> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  422: "invalid",
  429: "rate_limited",
};

export function fromAuthError(err: unknown, messages: Record<string, string> = {}): unknown {
  if (!isAPIError(err)) return err;
  const code = (err.body as { code?: string } | undefined)?.code;
  const message = (code && messages[code]) || err.body?.message || err.message;
  return new DomainError(KIND_BY_STATUS[err.statusCode] ?? "invalid", message);
}

/** Runs a better-auth API call and rethrows its errors as domain errors. */
export async function callAuth<T>(
  call: () => Promise<T>,
  messages: Record<string, string> = {},
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw fromAuthError(err, messages);
  }
}
