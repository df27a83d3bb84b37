/** Creating and naming workspaces. A workspace is better-auth's organization; its creator is admin. */
import { and, asc, eq, ne } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { member, organization } from "@/db/schema";
import type { Auth } from "@/server/auth";
import { countInWindow, minutesToWait, type WindowLimit } from "@/server/auth/window-count";
import { conflict, DomainError, notFound, rateLimited } from "@/server/errors";
import { callAuth } from "./auth-errors";
import { workspaceSlugSchema } from "./slug";

/** Whether another workspace than `exceptId` (when given) has the slug. */
export async function isSlugTaken(
  db: DbOrTx,
  slug: string,
  exceptId: string | null = null,
): Promise<boolean> {
  const [row] = await db
    .select({ id: organization.id })
    .from(organization)
    .where(and(eq(organization.slug, slug), exceptId ? ne(organization.id, exceptId) : undefined))
    .limit(1);
  return Boolean(row);
}

export const slugTakenMessage = (slug: string) =>
  `The URL /w/${slug} is already taken. Choose another.`;

const slugTaken = (slug: string) => conflict(slugTakenMessage(slug), { field: "slug" });

/**
 * Whether a slug is taken says whether some company has a workspace here, so each user gets
 * a budget of such lookups: the availability check and creating a workspace both spend one
 * (a malformed slug, answered without asking the database, spends none). Onboarding uses a
 * few; probing for who else uses Blastradius runs out.
 */
export const SLUG_LOOKUP_LIMIT: WindowLimit = { max: 30, windowSeconds: 10 * 60 };

export async function spendSlugLookup(db: Db, userId: string) {
  const wait = await countInWindow(db, `slug-lookup:${userId}`, SLUG_LOOKUP_LIMIT);
  if (wait !== null)
    throw rateLimited(wait, `Too many workspace URL checks. Try again in ${minutesToWait(wait)}.`);
}

/** Whether `slug` can be used for a new workspace: its format, then (one lookup) whether it is free. */
export async function slugAvailability(
  db: Db,
  userId: string,
  slug: string,
): Promise<{ available: boolean; reason: string | null }> {
  const parsed = workspaceSlugSchema.safeParse(slug);
  if (!parsed.success) return { available: false, reason: parsed.error.issues[0].message };
  await spendSlugLookup(db, userId);
  if (await isSlugTaken(db, parsed.data))
    return { available: false, reason: `/w/${parsed.data} is already taken.` };
  return { available: true, reason: null };
}

/** Creates a workspace through better-auth's organization plugin, acting as the signed-in caller. */
export async function createWorkspace(
  db: Db,
  auth: Auth,
  headers: Headers,
  input: { name: string; slug: string },
) {
  if (await isSlugTaken(db, input.slug)) throw slugTaken(input.slug);
  try {
    const org = await callAuth(
      () => auth.api.createOrganization({ body: { name: input.name, slug: input.slug }, headers }),
      { ORGANIZATION_ALREADY_EXISTS: slugTaken(input.slug).message },
    );
    if (!org) throw new Error("better-auth did not create the organization");
    return { id: org.id, slug: org.slug, name: org.name };
  } catch (err) {
    // Two people racing for one slug: the unique index decides, and the loser hears why.
    if (!(err instanceof DomainError) && (await isSlugTaken(db, input.slug)))
      throw slugTaken(input.slug);
    throw err;
  }
}

export async function renameWorkspace(db: DbOrTx, workspaceId: string, name: string) {
  const [row] = await db
    .update(organization)
    .set({ name })
    .where(eq(organization.id, workspaceId))
    .returning({ id: organization.id });
  if (!row) throw notFound("Workspace");
}

/** The caller's workspaces with their role in each, oldest membership first. */
export async function listUserWorkspaces(db: DbOrTx, userId: string) {
  return db
    .select({
      id: organization.id,
      slug: organization.slug,
      name: organization.name,
      role: member.role,
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(organization.name));
}
