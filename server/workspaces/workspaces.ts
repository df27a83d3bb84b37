/** Creating and naming workspaces. A workspace is better-auth's organization; its creator is admin. */
import { asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { member, organization } from "@/db/schema";
import type { Auth } from "@/server/auth";
import { conflict, DomainError, notFound } from "@/server/errors";
import { callAuth } from "./auth-errors";

export async function isSlugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.slug, slug))
    .limit(1);
  return Boolean(row);
}

const slugTaken = (slug: string) =>
  conflict(`The URL /w/${slug} is already taken. Choose another.`, { field: "slug" });

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
