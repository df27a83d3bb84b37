/**
 * A local Resend-compatible HTTP server for tests and benchmarks: the real `resend` SDK, pointed
 * at it with RESEND_BASE_URL, sends batches here and can be made to meet every answer the real
 * service gives.
 *
 * - `POST /emails/batch` with `Authorization: Bearer <key>`: validates like Resend (422
 *   `validation_error`), answers `{data:[{id}…]}`, and records each email it "sent".
 * - `Idempotency-Key`, as Resend keeps it for 24 h: the same key and body get the first answer
 *   again and nothing is sent twice; the same key with another body is a 409
 *   `invalid_idempotent_request`; a key whose first request is still being processed is a 409
 *   `concurrent_idempotent_requests`.
 * - Faults on demand for the next N calls: 429 with Retry-After, 500, or no answer at all
 *   (`hang`, until the client gives up); and `hold`, which accepts and records the batch but
 *   keeps the answer back for a while (the moment a worker can be killed after the provider
 *   accepted its batch and before it could record that).
 * - An optional rate limit (requests per rolling second) answered with 429, to prove callers
 *   keep to it.
 * - Webhook deliveries signed like Resend's (Standard Webhooks / Svix headers, `whsec_` secret).
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface SentEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  idempotencyKey: string | null;
  at: number;
}

export type Fault =
  | { kind: "429"; retryAfterSeconds: number }
  | { kind: "500" }
  | { kind: "hang" }
  | { kind: "hold"; ms: number };

interface KeyEntry {
  bodyHash: string;
  state: "in_flight" | "done";
  status: number;
  body: string;
  at: number;
}

export interface ResendServer {
  url: string;
  apiKey: string;
  /** Every email accepted, in order. */
  sent: SentEmail[];
  /** Every request to /emails/batch with what it was answered; `at` is its arrival. */
  requests: { at: number; status: number; idempotencyKey: string | null; count: number }[];
  /** Emails accepted per recipient address. */
  countByAddress(): Map<string, number>;
  /** Addresses that received more than one email. */
  duplicates(): string[];
  /** The next `times` calls meet `fault`. */
  failNext(fault: Fault, times?: number): void;
  /** Resolves once `n` batches in all have been accepted (recorded). */
  acceptedBatches(n: number): Promise<void>;
  /**
   * Signs and POSTs a webhook delivery like Resend does, to a URL or straight to a route
   * handler; answers the receiver's status.
   */
  deliverWebhook(
    target: string | ((req: Request) => Promise<Response>),
    secret: string,
    event: { type: string; created_at?: string; data: Record<string, unknown> },
    opts?: { id?: string; timestamp?: Date; signatureSecret?: string },
  ): Promise<{ status: number; id: string; body: string }>;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

function addressOf(value: string): string | null {
  const m = /<([^<>]+)>\s*$/.exec(value);
  const address = (m ? m[1] : value).trim();
  return EMAIL.test(address) ? address : null;
}

/** Resend's batch validation, as far as a sender can notice it. */
function validate(body: unknown): string | null {
  if (!Array.isArray(body)) return "The request body must be an array of emails.";
  if (body.length === 0 || body.length > 100) return "A batch holds 1 to 100 emails.";
  for (const [i, email] of body.entries()) {
    if (!email || typeof email !== "object") return `emails[${i}] is not an object.`;
    const e = email as Record<string, unknown>;
    if (typeof e.from !== "string" || !addressOf(e.from))
      return `emails[${i}].from: Invalid \`from\` field.`;
    const to = typeof e.to === "string" ? [e.to] : e.to;
    if (!Array.isArray(to) || to.length === 0 || to.length > 50)
      return `emails[${i}].to: between 1 and 50 recipients.`;
    for (const t of to)
      if (typeof t !== "string" || !addressOf(t))
        return `emails[${i}].to: Invalid \`to\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
    if (typeof e.subject !== "string" || !e.subject)
      return `emails[${i}]: Missing \`subject\` field.`;
    if (typeof e.html !== "string" && typeof e.text !== "string")
      return `emails[${i}]: Missing \`html\` or \`text\` field.`;
    if (e.tags !== undefined) {
      if (!Array.isArray(e.tags)) return `emails[${i}].tags must be an array.`;
      for (const tag of e.tags as { name?: unknown; value?: unknown }[])
        if (
          typeof tag?.name !== "string" ||
          typeof tag.value !== "string" ||
          !/^[A-Za-z0-9_-]{1,256}$/.test(tag.name) ||
          !/^[A-Za-z0-9_-]{1,256}$/.test(tag.value)
        )
          return `emails[${i}].tags: names and values may only contain ASCII letters, numbers, underscores, or dashes.`;
    }
  }
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function answer(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

const errorBody = (statusCode: number, name: string, message: string) =>
  JSON.stringify({ statusCode, name, message });

export async function startResendServer(
  opts: { apiKey?: string; ratePerSecond?: number } = {},
): Promise<ResendServer> {
  const apiKey = opts.apiKey ?? `re_test_${randomUUID().replaceAll("-", "")}`;
  const sent: SentEmail[] = [];
  const requests: ResendServer["requests"] = [];
  const keys = new Map<string, KeyEntry>();
  const faults: Fault[] = [];
  const recent: number[] = [];
  let accepted = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const hanging = new Set<ServerResponse>();

  function noteAccepted() {
    accepted++;
    for (const w of [...waiters])
      if (accepted >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // A request counts (for the log and the rate limit) from its arrival, as a provider's
    // limiter counts it, not from when its body has been read.
    const arrived = Date.now();
    const raw = await readBody(req);
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const log = (status: number, count = 0) =>
      requests.push({ at: arrived, status, idempotencyKey: key, count });

    if (req.method !== "POST" || req.url?.split("?")[0] !== "/emails/batch") {
      log(404);
      return answer(
        res,
        404,
        errorBody(404, "not_found", "The requested endpoint does not exist."),
      );
    }
    const auth = req.headers.authorization;
    if (!auth) {
      log(401);
      return answer(
        res,
        401,
        errorBody(401, "missing_api_key", "Missing API key in the authorization header."),
      );
    }
    if (auth !== `Bearer ${apiKey}`) {
      log(403);
      return answer(res, 403, errorBody(403, "invalid_api_key", "API key is invalid."));
    }
    if (opts.ratePerSecond) {
      const now = arrived;
      while (recent.length && recent[0] <= now - 1000) recent.shift();
      if (recent.length >= opts.ratePerSecond) {
        log(429);
        return answer(res, 429, errorBody(429, "rate_limit_exceeded", "Too many requests."), {
          "retry-after": "1",
        });
      }
      recent.push(now);
    }

    const fault = faults.shift();
    if (fault?.kind === "429") {
      log(429);
      return answer(
        res,
        429,
        errorBody(
          429,
          "rate_limit_exceeded",
          "Too many requests. You can only make 2 requests per second.",
        ),
        { "retry-after": String(fault.retryAfterSeconds) },
      );
    }
    if (fault?.kind === "500") {
      log(500);
      return answer(
        res,
        500,
        errorBody(500, "internal_server_error", "An unexpected error occurred."),
      );
    }
    if (fault?.kind === "hang") {
      log(0);
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      log(422);
      return answer(
        res,
        422,
        errorBody(422, "validation_error", "The request body is not valid JSON."),
      );
    }
    const bodyHash = createHash("sha256").update(raw).digest("hex");
    if (key !== null) {
      if (key.length === 0 || key.length > 256) {
        log(400);
        return answer(
          res,
          400,
          errorBody(400, "invalid_idempotency_key", "The key must be between 1-256 chars."),
        );
      }
      const entry = keys.get(key);
      if (entry && Date.now() - entry.at < DAY_MS) {
        if (entry.bodyHash !== bodyHash) {
          log(409);
          return answer(
            res,
            409,
            errorBody(
              409,
              "invalid_idempotent_request",
              "Same idempotency key used with a different request payload. Change your idempotency key or payload.",
            ),
          );
        }
        if (entry.state === "in_flight") {
          log(409);
          return answer(
            res,
            409,
            errorBody(
              409,
              "concurrent_idempotent_requests",
              "Same idempotency key used while original request is still in progress. Try the request again later.",
            ),
          );
        }
        log(entry.status);
        return answer(res, entry.status, entry.body);
      }
      keys.set(key, { bodyHash, state: "in_flight", status: 0, body: "", at: Date.now() });
    }

    const problem = validate(body);
    if (problem) {
      const out = errorBody(422, "validation_error", problem);
      if (key !== null)
        keys.set(key, { bodyHash, state: "done", status: 422, body: out, at: Date.now() });
      log(422);
      return answer(res, 422, out);
    }
    const emails = body as Record<string, unknown>[];
    const ids = emails.map((e) => {
      const id = randomUUID();
      sent.push({
        id,
        from: e.from as string,
        to: (typeof e.to === "string" ? [e.to] : (e.to as string[])).map((t) =>
          addressOf(t)!.toLowerCase(),
        ),
        subject: e.subject as string,
        html: e.html as string | undefined,
        text: e.text as string | undefined,
        headers: (e.headers as Record<string, string> | undefined) ?? {},
        tags: (e.tags as { name: string; value: string }[] | undefined) ?? [],
        idempotencyKey: key,
        at: Date.now(),
      });
      return { id };
    });
    const out = JSON.stringify({ data: ids });
    if (key !== null)
      keys.set(key, { bodyHash, state: "done", status: 200, body: out, at: Date.now() });
    log(200, ids.length);
    noteAccepted();
    if (fault?.kind === "hold") await new Promise((r) => setTimeout(r, fault.ms));
    answer(res, 200, out);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      answer(res, 500, errorBody(500, "internal_server_error", String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  function countByAddress() {
    const counts = new Map<string, number>();
    for (const e of sent) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    return counts;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    sent,
    requests,
    countByAddress,
    duplicates() {
      return [...countByAddress()].filter(([, n]) => n > 1).map(([a]) => a);
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    acceptedBatches(n) {
      if (accepted >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async deliverWebhook(target, secret, event, o = {}) {
      const id = o.id ?? `msg_${randomUUID().replaceAll("-", "")}`;
      const timestamp = o.timestamp ?? new Date();
      const payload = JSON.stringify({ created_at: timestamp.toISOString(), ...event });
      const signature = new Webhook(o.signatureSecret ?? secret).sign(id, timestamp, payload);
      const req = new Request(
        typeof target === "string" ? target : "http://app.test/api/webhooks/resend",
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "webhook-id": id,
            "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
            "webhook-signature": signature,
          },
          body: payload,
        },
      );
      const res = await (typeof target === "string" ? fetch(req) : target(req));
      return { status: res.status, id, body: await res.text() };
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
