/**
 * better-auth: email + password accounts, sessions in httpOnly cookies, workspaces as
 * organizations with the roles admin > commander > responder > viewer, invitations,
 * and rate-limited sign-in. `createAuth(db)` builds an instance for a database (tests
 * build one per test database); `getAuth()` is the app's own, built lazily.
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { organization } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";
import { getDb, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { appUrl, authSecret } from "@/server/env";
import { clientAddressHeader } from "@/server/http/client-address";
import { signInProtection, type SignInPolicy } from "./account-limit";
import { organizationRoutesServerOnly, workspaceRules } from "./organization-rules";

const ac = createAccessControl(defaultStatements);

const workspaceRoles = {
  admin: ac.newRole({
    organization: ["update"],
    member: ["create", "update", "delete"],
    invitation: ["create", "cancel"],
    team: [],
    ac: ["read"],
  }),
  commander: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
  responder: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
  viewer: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
};

/** The request's Origin when it names the host the request was sent to, else nothing. */
function sameHostOrigin(request: Request | undefined): string[] {
  const origin = request?.headers.get("origin");
  const host = request?.headers.get("x-forwarded-host") ?? request?.headers.get("host");
  if (!origin || !host) return [];
  try {
    return new URL(origin).host === host ? [origin] : [];
  } catch {
    return [];
  }
}

export interface AuthOptions {
  /** Sign-in attempts per IP per minute (default 10). */
  signInPerMinute?: number;
  /** Where better-auth keeps rate-limit counters (memory in unit tests). */
  rateLimitStorage?: "database" | "memory";
  /** Delays after failed sign-ins per account and address (account-limit.ts). */
  signInPolicy?: SignInPolicy;
  /** The clock sign-in protection reads (ms since the epoch); Date.now unless a test steps it. */
  clock?: () => number;
}

export function createAuth(db: Db, opts: AuthOptions = {}) {
  return betterAuth({
    appName: "Blastradius",
    baseURL: appUrl(),
    secret: authSecret(),
    database: drizzleAdapter(db, { provider: "pg", schema }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      // Cookies are httpOnly by default; Secure follows the base URL's scheme.
      useSecureCookies: appUrl().startsWith("https://"),
      // The client address for rate limits and sessions: only the header the app's entry
      // point stamps (server/http/client-address.ts). Without the entry point there is none,
      // and better-auth counts every client in one bucket rather than believe a client.
      ipAddress: { ipAddressHeaders: [clientAddressHeader()].filter((h) => h !== null) },
    },
    // APP_URL, plus the origin of the host the request was addressed to (localhost,
    // 127.0.0.1, a proxy's public name): same-origin requests pass, cross-site ones do not.
    trustedOrigins: (request) => [appUrl(), ...sameHostOrigin(request)],
    hooks: signInProtection(db, opts.signInPolicy, opts.clock),
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      storage: opts.rateLimitStorage ?? "database",
      modelName: "rateLimit",
      customRules: {
        "/sign-in/email": { window: 60, max: opts.signInPerMinute ?? 10 },
        "/sign-up/email": { window: 60, max: 20 },
      },
    },
    plugins: [
      organization({
        ac,
        roles: workspaceRoles,
        creatorRole: "admin",
        allowUserToCreateOrganization: true,
        invitationExpiresIn: 60 * 60 * 24 * 7,
        // Invitations are shared as links (Settings → Members); no email is sent.
        sendInvitationEmail: async () => {},
        // Inviting an email again replaces its pending invitation (new role, new link).
        cancelPendingInvitationsOnReInvite: true,
        // Names and slugs follow the onboarding form's rules however a workspace is made.
        organizationHooks: workspaceRules(db),
      }),
      // Workspaces change only through the app's services, never /api/auth/organization/*.
      organizationRoutesServerOnly(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { __blastradiusAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  globalForAuth.__blastradiusAuth ??= getDb().then((db) => createAuth(db));
  return globalForAuth.__blastradiusAuth;
}
