/** Session and membership lookups for server components and route handlers. */
import { and, asc, eq } from "drizzle-orm";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { member, organization } from "@/db/schema";
import { getAuth } from "./index";
import { isRole, type Role } from "./roles";

export async function getSessionUser() {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  return session?.user ?? null;
}

export interface Membership {
  workspace: { id: string; slug: string; name: string };
  role: Role;
}

export async function getMembership(userId: string, slug: string): Promise<Membership | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: organization.id,
      slug: organization.slug,
      name: organization.name,
      role: member.role,
    })
    .from(organization)
    .innerJoin(member, and(eq(member.organizationId, organization.id), eq(member.userId, userId)))
    .where(eq(organization.slug, slug))
    .limit(1);
  if (!row || !isRole(row.role)) return null;
  return { workspace: { id: row.id, slug: row.slug, name: row.name }, role: row.role };
}

/** The workspace a signed-in user lands in: the oldest one they belong to. */
export async function firstWorkspaceSlug(userId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ slug: organization.slug })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(member.createdAt))
    .limit(1);
  return row?.slug ?? null;
}
