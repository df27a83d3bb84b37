/**
 * Per-workspace settings: when an issue opens an incident by itself, and how long raw
 * events are kept. The row is created on the first save; until then the defaults apply.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { env } from "@/server/env";

/** The thresholds of a workspace that never saved its settings (the column defaults). */
export const DEFAULT_THRESHOLD_SETTINGS = {
  incidentCustomerThreshold: 25,
  incidentEventsPerMinuteThreshold: 100,
} as const;

/** The shortest raw-event retention a workspace can have. */
export const MIN_RETENTION_DAYS = 1;

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min.toLocaleString("en-US")}.`)
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")}.`);

export const workspaceSettingsSchema = z.object({
  incidentCustomerThreshold: wholeNumber("Affected customers", 1, 1_000_000),
  incidentEventsPerMinuteThreshold: wholeNumber("Events per minute", 1, 10_000_000),
  eventRetentionDays: wholeNumber("Retention", MIN_RETENTION_DAYS, 3650),
});

export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/**
 * The workspace's settings, or the defaults when none were saved yet — retention then being
 * EVENT_RETENTION_DAYS, which is what the retention job applies to such a workspace.
 */
export async function getWorkspaceSettings(
  db: DbOrTx,
  workspaceId: string,
): Promise<WorkspaceSettings & { updatedAt: Date | null }> {
  const [row] = await db
    .select({
      incidentCustomerThreshold: workspaceSettings.incidentCustomerThreshold,
      incidentEventsPerMinuteThreshold: workspaceSettings.incidentEventsPerMinuteThreshold,
      eventRetentionDays: workspaceSettings.eventRetentionDays,
      updatedAt: workspaceSettings.updatedAt,
    })
    .from(workspaceSettings)
    .where(eq(workspaceSettings.workspaceId, workspaceId))
    .limit(1);
  return (
    row ?? {
      ...DEFAULT_THRESHOLD_SETTINGS,
      eventRetentionDays: env().EVENT_RETENTION_DAYS,
      updatedAt: null,
    }
  );
}

export async function saveWorkspaceSettings(
  db: DbOrTx,
  workspaceId: string,
  settings: WorkspaceSettings,
) {
  const values = { ...workspaceSettingsSchema.parse(settings), updatedAt: new Date() };
  await db
    .insert(workspaceSettings)
    .values({ workspaceId, ...values })
    .onConflictDoUpdate({ target: workspaceSettings.workspaceId, set: values });
  return getWorkspaceSettings(db, workspaceId);
}
