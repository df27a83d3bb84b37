/**
 * The public REST API as a customer's own services call it: `Authorization: Bearer <key>`,
 * JSON in, JSON out. Built on Playwright's `request` fixture, so it talks to the real server.
 */
import type { APIRequestContext, APIResponse } from "@playwright/test";

export type AttributeValue = string | number | boolean;

export interface ErrorEvent {
  id: string;
  timestamp: string;
  service: string;
  error: { type: string; message: string };
  customer: {
    id: string;
    email?: string;
    name?: string;
    attributes?: Record<string, AttributeValue>;
  };
  attributes?: Record<string, AttributeValue>;
}

export interface DirectoryCustomer {
  id: string;
  name?: string;
  attributes?: Record<string, AttributeValue>;
  contacts?: { email: string; name?: string; locale?: string }[];
}

export class RestApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly key: string,
  ) {}

  private headers(key = this.key) {
    return { authorization: `Bearer ${key}`, "content-type": "application/json" };
  }

  /** POST /api/v1/events; `key` overrides the key (for the unhappy paths). */
  postEvents(events: unknown[], opts: { key?: string } = {}): Promise<APIResponse> {
    return this.request.post("/api/v1/events", {
      headers: this.headers(opts.key),
      data: { events },
    });
  }

  /** GET /api/v1/incidents?status=… (needs the read scope). */
  listIncidents(status: "open" | "resolved" | "all" = "open"): Promise<APIResponse> {
    return this.request.get(`/api/v1/incidents?status=${status}`, { headers: this.headers() });
  }

  /** PUT /api/v1/customers: upserts the customer directory. */
  putCustomers(customers: DirectoryCustomer[]): Promise<APIResponse> {
    return this.request.put("/api/v1/customers", {
      headers: this.headers(),
      data: { customers },
    });
  }
}
