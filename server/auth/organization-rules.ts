/**
 * Workspaces are better-auth organizations, but the app's rules decide what one may be
 * called. Two things keep those rules whichever way a workspace is made or renamed:
 *
 * - `workspaceRules(db)`: organization hooks that put every name and slug better-auth is
 *   asked to store through workspaceNameSchema / workspaceSlugSchema, the onboarding form's
 *   own rules. A bad one is refused with a 400 and the app's message; nothing is stored.
 *   Slugs are trimmed and must be lower-case, so "ACME" can never sit next to "acme".
 * - `organizationRoutesServerOnly()`: the organization plugin's own HTTP routes
 *   (/api/auth/organization/*) answer 404. The app never calls them: every workspace,
 *   member and invitation change goes through its tRPC services, which call better-auth's
 *   server API after their own checks (at least one admin, role rules). Served, they would
 *   let any signed-in user change workspaces around those checks, and tell which slugs exist
 *   (check-slug, get-organization, set-active) without workspace.slugAvailable's limit.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError } from "better-auth/api";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { workspaceNameSchema, workspaceSlugSchema } from "@/server/workspaces/slug";
import { isSlugTaken, slugTakenMessage } from "@/server/workspaces/workspaces";

function valid<T>(schema: z.ZodType<T>, value: unknown, code: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new APIError("BAD_REQUEST", { code, message: parsed.error.issues[0].message });
}

/** The name and slug among `fields`, checked and normalised; the rest is left to better-auth. */
async function checked(
  db: Db,
  fields: { name?: unknown; slug?: unknown },
  workspaceId: string | null,
): Promise<{ name?: string; slug?: string }> {
  const out: { name?: string; slug?: string } = {};
  if (fields.name !== undefined)
    out.name = valid(workspaceNameSchema, fields.name, "INVALID_WORKSPACE_NAME");
  if (fields.slug !== undefined) {
    const slug = valid(workspaceSlugSchema, fields.slug, "INVALID_WORKSPACE_SLUG");
    // better-auth looked the slug up as given; trimming may have made it another one.
    if (await isSlugTaken(db, slug, workspaceId))
      throw new APIError("BAD_REQUEST", {
        code: "ORGANIZATION_SLUG_ALREADY_TAKEN",
        message: slugTakenMessage(slug),
      });
    out.slug = slug;
  }
  return out;
}

/** The organization plugin's `organizationHooks`. */
export function workspaceRules(db: Db) {
  return {
    async beforeCreateOrganization({ organization }: { organization: Record<string, unknown> }) {
      const { name, slug } = await checked(
        db,
        { name: organization.name ?? "", slug: organization.slug ?? "" },
        null,
      );
      return { data: { ...organization, name, slug } };
    },
    async beforeUpdateOrganization({
      organization,
      member,
    }: {
      organization: Record<string, unknown>;
      member: { organizationId: string };
    }) {
      return {
        data: { ...organization, ...(await checked(db, organization, member.organizationId)) },
      };
    },
  };
}

/** A plugin that makes better-auth's /organization/* routes unknown over HTTP. */
export function organizationRoutesServerOnly(): BetterAuthPlugin {
  return {
    id: "organization-routes-server-only",
    async onRequest(request, ctx) {
      // better-auth routes on the raw path after its base path, case-sensitively and without
      // decoding, so every request that would reach an organization route starts like this.
      const basePath = new URL(ctx.baseURL).pathname.replace(/\/+$/, "");
      const path = new URL(request.url).pathname.slice(basePath.length);
      if (path === "/organization" || path.startsWith("/organization/"))
        return { response: new Response("Not Found", { status: 404 }) };
    },
  };
}
