/** Workspaces the caller belongs to, and one workspace's summary. */
import { eq } from "drizzle-orm";
import { member, organization } from "@/db/schema";
import { protectedProcedure, router, workspaceProcedure } from "../init";

export const workspaceRouter = router({
  /** The caller's workspaces with their role in each, for the workspace switcher. */
  mine: protectedProcedure.query(async ({ ctx }) => {
    return ctx.db
      .select({
        id: organization.id,
        slug: organization.slug,
        name: organization.name,
        role: member.role,
      })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(eq(member.userId, ctx.user.id))
      .orderBy(organization.name);
  }),

  get: workspaceProcedure("viewer").query(({ ctx }) => ({ ...ctx.workspace, role: ctx.role })),
});
