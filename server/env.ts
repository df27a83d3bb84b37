/**
 * The one reader of process.env. Everything else imports `env()` from here, so every
 * setting is validated once and documented in one place (docs/configuration.md).
 */
import { z } from "zod";
import { parseTrustedProxies } from "@/server/http/client-address";

/** The id of the extension built from this repository (its manifest key fixes it). */
export const DEFAULT_EXTENSION_ID = "gllekmgbdpccibkiiiapkfelogafdfjm";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** A PostgreSQL URL switches from embedded PGlite to a real server. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded PGlite database (and the demo's generated secrets). */
  DATA_DIR: z.string().default("./.data"),
  /** Public base URL of the app: the auth base URL and trusted origin; https makes cookies Secure. */
  APP_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  /**
   * Proxies whose X-Forwarded-For the app believes: comma-separated addresses and CIDR ranges
   * (`10.0.0.0/8,127.0.0.1,::1`). Empty: the client is the connection's peer. Read by the
   * app's HTTP entry point (scripts/server.ts); see server/http/client-address.ts.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((list, ctx) => {
      const parsed = parseTrustedProxies(list);
      if (parsed.ok) return parsed.proxies;
      ctx.addIssue({
        code: "custom",
        message: `not an IP address or CIDR range: ${parsed.invalid.join(", ")}`,
      });
      return z.NEVER;
    }),
  /** Signs session cookies. Required in production; the demo generates one in DATA_DIR. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** Raw events older than this are deleted; aggregates are kept. */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /**
   * Chromium extension ids (32 letters a–p, comma-separated) that the dashboard's connect page
   * hands agent tokens to and that may call /api/extension/v1 from their own origin. The
   * default is the id the manifest key fixes for the extension built from extension/.
   */
  EXTENSION_IDS: z
    .string()
    .default(DEFAULT_EXTENSION_ID)
    .transform((list, ctx) => {
      const ids = list
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean);
      const bad = ids.filter((id) => !/^[a-p]{32}$/.test(id));
      if (bad.length === 0) return ids;
      ctx.addIssue({
        code: "custom",
        message: `not a Chromium extension id (32 letters a–p): ${bad.join(", ")}`,
      });
      return z.NEVER;
    }),
  /** Requests per minute per API key on /api/v1. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Run background jobs (retention) inside the app process. Off for web-only instances. */
  RUN_WORKER: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Sends mail through Resend when set; without it mail goes to the built-in mailbox. */
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Points the Resend SDK at another Resend-compatible server (read by the SDK itself). */
  RESEND_BASE_URL: z.string().url().optional(),
  /** Verifies Resend webhooks (`whsec_…`); without it /api/webhooks/resend is not served. */
  RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** The sender when a workspace has not set its own: `Name <address>`. */
  MAIL_FROM: z.string().min(3).default("Blastradius <notices@localhost>"),
  /** Provider requests per second, across all workers (Resend's default limit is 2). */
  MAIL_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(2),
  /** Emails per provider call (Resend's batch call takes at most 100). */
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** A provider call that has not answered after this long is abandoned and retried. */
  MAIL_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** How long a claimed batch belongs to its worker before another may take it over. */
  MAIL_BATCH_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n  ${issues.join("\n  ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The secret that signs sessions. Development and tests get a fixed, clearly-marked one. */
export function authSecret(): string {
  const e = env();
  if (e.BETTER_AUTH_SECRET) return e.BETTER_AUTH_SECRET;
  if (e.NODE_ENV === "production") {
    throw new Error("BETTER_AUTH_SECRET must be set in production (at least 32 characters).");
  }
  return "development-only-secret-not-for-production-use-000";
}

export function appUrl(): string {
  const e = env();
  return e.APP_URL ?? `http://localhost:${e.PORT}`;
}
