/**
 * tRPC set-up, read top to bottom:
 *   1. context    — the database, the auth instance and the caller's session, per request
 *   2. init       — superjson, domain errors mapped to tRPC codes in one place, and what a
 *                   client sees of an error (never the inside of an internal one)
 *   3. procedures — public, protected (signed in), workspace(minRole) (member with a role)
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { member, organization } from "@/db/schema";
import type { Auth } from "@/server/auth";
import { hasRole, isRole, type Role } from "@/server/auth/roles";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import {
  DomainError,
  describeZodError,
  internalErrorMessage,
  requestIdOf,
  toTRPCError,
} from "@/server/errors";

// 1. Context ------------------------------------------------------------------------------

export interface CreateContextOptions {
  db: Db;
  auth: Auth;
  headers: Headers;
}

export async function createContext({ db, auth, headers }: CreateContextOptions) {
  const session = await auth.api.getSession({ headers });
  return { db, auth, headers, user: session?.user ?? null };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

// 2. Initialisation -----------------------------------------------------------------------

/**
 * superjson, except that input it cannot read is a plain BAD_REQUEST: superjson's own errors
 * on crafted `meta` (e.g. "Maximum call stack size exceeded") say nothing useful to a client.
 */
const transformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (value: unknown) => {
      try {
        return superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]);
      } catch {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "The request's input could not be read: it is not valid superjson.",
        });
      }
    },
  },
  output: superjson,
};

const t = initTRPC.context<Context>().create({
  transformer,
  /**
   * What a client sees of an error. Never a stack. An internal error (anything not a domain
   * error or a refused input) says only "Internal server error (request id …)": its own
   * message may be a failed query with its SQL and parameters. The HTTP handler logs it under
   * the same id (server/trpc/http.ts).
   */
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data;
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const requestId = requestIdOf(error);
      return {
        ...shape,
        message: internalErrorMessage(requestId),
        data: { ...data, requestId, zodIssues: null },
      };
    }
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zod ? describeZodError(zod) : shape.message,
      data: { ...data, requestId: null, zodIssues: zod ? zod.issues : null },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Services throw DomainError; this turns them into the matching tRPC error once, here. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

// 3. Procedures ---------------------------------------------------------------------------

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Signed in: `ctx.user` is non-null from here on. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Every workspace procedure names its workspace by slug; membership and role are checked once. */
export const workspaceInput = z.object({
  workspace: z.string().min(1).max(100).refine(isStorableText, UNSTORABLE_TEXT),
});

export function workspaceProcedure(minRole: Role) {
  return protectedProcedure.input(workspaceInput).use(async ({ ctx, input, next }) => {
    const [row] = await ctx.db
      .select({
        id: organization.id,
        slug: organization.slug,
        name: organization.name,
        role: member.role,
      })
      .from(organization)
      .innerJoin(
        member,
        and(eq(member.organizationId, organization.id), eq(member.userId, ctx.user.id)),
      )
      .where(eq(organization.slug, input.workspace))
      .limit(1);
    // Not a member and no such workspace answer the same, so these procedures do not tell
    // whether a workspace exists. Only workspace.slugAvailable and workspace.create tell
    // whether a slug is taken, within each user's budget of slug lookups (SLUG_LOOKUP_LIMIT).
    if (!row || !isRole(row.role)) {
      throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
    }
    if (!hasRole(row.role, minRole)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${minRole} role or higher; you are ${row.role}.`,
      });
    }
    return next({
      ctx: {
        ...ctx,
        workspace: { id: row.id, slug: row.slug, name: row.name },
        role: row.role as Role,
      },
    });
  });
}
