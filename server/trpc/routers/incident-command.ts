/**
 * What every incident command of the routers starts from: the incident the input names
 * (id, "12" or "INC-12") resolved in the caller's workspace, and who acts.
 */
import type { DbOrTx } from "@/db/client";
import { resolveIncidentId } from "@/server/incidents/queries";

interface CommandContext {
  db: DbOrTx;
  workspace: { id: string };
  user: { id: string };
}

export async function incidentCommand(ctx: CommandContext, ref: string) {
  const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, ref);
  return { workspaceId: ctx.workspace.id, incidentId, actorId: ctx.user.id };
}
