/** Settings → Members: who is in the workspace, and (admins only) their roles. */
import { z } from "zod";
import { hasRole, ROLES } from "@/server/auth/roles";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { changeMemberRole, listMembers, removeMember } from "@/server/workspaces/members";
import { router, workspaceProcedure } from "../init";

const role = z.enum(ROLES);
/** Text PostgreSQL cannot compare (NUL, half a surrogate pair) is refused before any query. */
const memberId = z.string().min(1).max(100).refine(isStorableText, UNSTORABLE_TEXT);

export const membersRouter = router({
  /** Every member sees who else is in the workspace; `canManage` tells the page whether to offer changes. */
  list: workspaceProcedure("viewer")
    .output(
      z.object({
        canManage: z.boolean(),
        members: z.array(
          z.object({
            id: z.string(),
            userId: z.string(),
            name: z.string(),
            email: z.string(),
            role,
            joinedAt: z.date(),
            isYou: z.boolean(),
          }),
        ),
      }),
    )
    .query(async ({ ctx }) => ({
      canManage: hasRole(ctx.role, "admin"),
      members: (await listMembers(ctx.db, ctx.workspace.id)).map((m) => ({
        ...m,
        isYou: m.userId === ctx.user.id,
      })),
    })),

  changeRole: workspaceProcedure("admin")
    .input(z.object({ memberId, role }))
    .output(z.object({ memberId: z.string(), role }))
    .mutation(async ({ ctx, input }) => {
      await changeMemberRole(ctx.db, ctx.workspace.id, input.memberId, input.role);
      return { memberId: input.memberId, role: input.role };
    }),

  remove: workspaceProcedure("admin")
    .input(z.object({ memberId }))
    .output(z.object({ memberId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.db, ctx.workspace.id, input.memberId);
      return { memberId: input.memberId };
    }),
});
