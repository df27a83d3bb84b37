/**
 * The server client: one function per endpoint of docs/extension.md. Every request carries
 * the agent's token as `Authorization: Bearer` and never a cookie (`credentials: "omit"`);
 * every answer is parsed with the contract's schemas. Failures come back as an ApiError
 * whose kind the background maps to what the agent sees (401 → "Reconnect").
 */
import type { z } from "zod";
import {
  API_PREFIX,
  errorBodySchema,
  incidentsResponseSchema,
  lookupResponseSchema,
  meSchema,
  reportResponseSchema,
  type ActivityRequest,
  type Identifier,
  type ReportRequest,
} from "../contract";
import type { FailureKind } from "../messages";

export class ApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

export type Fetch = typeof fetch;

export function createApi(server: string, token: string, fetchImpl: Fetch = fetch) {
  async function request<S extends z.ZodType | null>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<S extends z.ZodType ? z.infer<S> : null> {
    let res: Response;
    try {
      res = await fetchImpl(`${server}${API_PREFIX}${path}`, {
        method,
        credentials: "omit",
        cache: "no-store",
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(
        "network",
        `Could not reach ${server}. Check the address and your connection.`,
      );
    }
    if (!res.ok) throw await errorFrom(res);
    if (schema === null) return null as never;
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new ApiError(
        "server",
        "The server's answer was not JSON. Is this a Blastradius server?",
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError("server", "The server answered in an unexpected shape. Is it up to date?");
    }
    return parsed.data as never;
  }

  return {
    me: () => request("GET", "/me", meSchema),
    incidents: async () => (await request("GET", "/incidents", incidentsResponseSchema)).data,
    lookup: async (identifiers: Identifier[]) =>
      (await request("POST", "/lookup", lookupResponseSchema, { identifiers })).matches,
    report: (report: ReportRequest) => request("POST", "/reports", reportResponseSchema, report),
    activity: (activity: ActivityRequest) => request("POST", "/activity", null, activity),
  };
}

export type Api = ReturnType<typeof createApi>;

async function errorFrom(res: Response): Promise<ApiError> {
  let message: string | null = null;
  try {
    const parsed = errorBodySchema.safeParse(await res.json());
    if (parsed.success) message = parsed.data.error.message;
  } catch {
    // Not the JSON error shape (a proxy's page, say): the status alone says enough.
  }
  switch (res.status) {
    case 401:
      return new ApiError("reconnect", "The server no longer accepts this token.", 401);
    case 403:
      return new ApiError("forbidden", message ?? "Your role does not allow this.", 403);
    case 404:
      return new ApiError("not_found", message ?? "Not found.", 404);
    case 400:
    case 413:
    case 415:
      return new ApiError("invalid", message ?? "The server refused the request.", res.status);
    case 429: {
      const wait = Number(res.headers.get("Retry-After"));
      const after = Number.isFinite(wait) && wait > 0 ? ` Try again in ${Math.ceil(wait)} s.` : "";
      return new ApiError("rate_limited", `Too many requests.${after}`, 429);
    }
    default:
      return new ApiError("server", message ?? `The server failed (${res.status}).`, res.status);
  }
}
