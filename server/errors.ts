/**
 * Domain errors: the few typed kinds every service throws, mapped once to tRPC codes and
 * once to HTTP responses of the shape `{"error":{"code","message","details"}}`.
 *
 * Anything else is an internal error: the client gets "Internal server error (request id
 * …)" and nothing of the error itself — a failed query's message carries its SQL and
 * parameters — while the server log gets the whole error under the same request id.
 */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export type DomainErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds until a rate-limited caller may try again. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, details?: unknown) =>
  new DomainError("invalid", message, details);
export const unauthorized = (message = "Authentication required.") =>
  new DomainError("unauthorized", message);
export const forbidden = (message = "You do not have access to this.") =>
  new DomainError("forbidden", message);
export const notFound = (what: string) => new DomainError("not_found", `${what} not found.`);
export const conflict = (message: string, details?: unknown) =>
  new DomainError("conflict", message, details);
export const payloadTooLarge = (message: string) => new DomainError("payload_too_large", message);
export const unsupportedMediaType = (message: string) =>
  new DomainError("unsupported_media_type", message);
export const rateLimited = (retryAfter: number, message = "Too many requests.") =>
  new DomainError("rate_limited", message, undefined, retryAfter);

const HTTP_STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]["code"];

const TRPC_CODE: Record<DomainErrorCode, TRPCCode> = {
  invalid: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  unsupported_media_type: "UNSUPPORTED_MEDIA_TYPE",
  rate_limited: "TOO_MANY_REQUESTS",
};

/**
 * Turns a zod error into a one-line message naming each bad field: `events.0.timestamp: …`.
 * A bad key of a record says what is wrong with it, not just "Invalid key in record".
 */
export function describeZodError(error: ZodError, max = 10): string {
  return error.issues
    .slice(0, max)
    .map((i) => {
      const message =
        i.code === "invalid_key" ? i.issues.map((k) => k.message).join(", ") : i.message;
      return i.path.length ? `${i.path.join(".")}: ${message}` : message;
    })
    .join("; ");
}

export function toTRPCError(err: unknown): unknown {
  if (err instanceof DomainError) {
    return new TRPCError({ code: TRPC_CODE[err.code], message: err.message, cause: err });
  }
  return err;
}

const requestIds = new WeakMap<object, string>();

/**
 * The id an internal error is reported under, to the client and in the log: the same for
 * the same error object, however often asked.
 */
export function requestIdOf(err: unknown): string {
  if (typeof err !== "object" || err === null) return randomUUID();
  let id = requestIds.get(err);
  if (!id) {
    id = randomUUID();
    requestIds.set(err, id);
  }
  return id;
}

/** What the client is told of an internal error. */
export const internalErrorMessage = (requestId: string) =>
  `Internal server error (request id ${requestId}).`;

/** Writes an internal error, with its cause and stack, to the server log under its request id. */
export function logInternalError(where: string, err: unknown, requestId = requestIdOf(err)) {
  console.error(`[request ${requestId}] ${where}:`, err);
}

/** The HTTP answer for any error thrown by a REST handler. Unknown errors become a logged 500. */
export function errorResponse(err: unknown): Response {
  if (err instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (err.retryAfter !== undefined) headers["Retry-After"] = String(Math.ceil(err.retryAfter));
    return jsonResponse(
      HTTP_STATUS[err.code],
      {
        error: {
          code: err.code,
          message: err.message,
          ...(err.details !== undefined ? { details: err.details } : {}),
        },
      },
      headers,
    );
  }
  if (err instanceof ZodError) {
    return jsonResponse(400, {
      error: { code: "invalid", message: describeZodError(err), details: err.issues },
    });
  }
  const requestId = requestIdOf(err);
  logInternalError("Unhandled error in API route", err, requestId);
  return jsonResponse(500, {
    error: { code: "internal", message: internalErrorMessage(requestId), details: { requestId } },
  });
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
