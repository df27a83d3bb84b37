import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceSettings } from "@/db/schema";
import { getWorkspaceSettings } from "@/server/workspaces/settings";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const changed = {
  name: "Acme (EU)",
  incidentCustomerThreshold: 40,
  incidentEventsPerMinuteThreshold: 250,
  eventRetentionDays: 30,
};

describe("workspace settings", () => {
  it("shows the defaults 25 / 100 / 14 before anything is saved", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    expect(await admin.workspace.settings.get({ workspace: workspace.slug })).toEqual({
      name: workspace.name,
      slug: workspace.slug,
      incidentCustomerThreshold: 25,
      incidentEventsPerMinuteThreshold: 100,
      eventRetentionDays: 14,
      updatedAt: null,
      canEdit: true,
    });
  });

  it("saves name, thresholds and retention for admins; saving again updates the same row", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    await admin.workspace.settings.update({ workspace: workspace.slug, ...changed });
    const saved = await admin.workspace.settings.update({
      workspace: workspace.slug,
      ...changed,
      eventRetentionDays: 7,
    });
    expect(saved).toMatchObject({ ...changed, eventRetentionDays: 7, canEdit: true });

    const asCommander = await callerAs(env, users.commander);
    expect(await asCommander.workspace.settings.get({ workspace: workspace.slug })).toMatchObject({
      ...changed,
      eventRetentionDays: 7,
      canEdit: false,
    });
    expect(await asCommander.workspace.get({ workspace: workspace.slug })).toMatchObject({
      name: "Acme (EU)",
    });
    const rows = await env.db
      .select()
      .from(workspaceSettings)
      .where(eq(workspaceSettings.workspaceId, workspace.id));
    expect(rows).toHaveLength(1);
    // Other parts of the app (incident thresholds, retention) read the same values.
    expect(await getWorkspaceSettings(env.db, workspace.id)).toMatchObject({
      incidentCustomerThreshold: 40,
      eventRetentionDays: 7,
    });
  });

  it("lets commanders read but not change; responders and viewers neither", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const commander = await callerAs(env, users.commander);
    await expect(
      commander.workspace.settings.update({ workspace: workspace.slug, ...changed }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const role of ["responder", "viewer"] as const) {
      const caller = await callerAs(env, users[role]);
      await expect(
        caller.workspace.settings.get({ workspace: workspace.slug }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.workspace.settings.update({ workspace: workspace.slug, ...changed }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await getWorkspaceSettings(env.db, workspace.id)).toMatchObject({
      incidentCustomerThreshold: 25,
      updatedAt: null,
    });
  });

  it("rejects out-of-range values naming the field, and stores nothing", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const cases: [Partial<typeof changed>, string, string][] = [
      [{ incidentCustomerThreshold: 0 }, "incidentCustomerThreshold", "at least 1"],
      [{ incidentEventsPerMinuteThreshold: 2.5 }, "incidentEventsPerMinuteThreshold", "whole"],
      [{ eventRetentionDays: 4000 }, "eventRetentionDays", "at most 3,650"],
      [{ name: " " }, "name", "at least 2"],
    ];
    for (const [patch, field, text] of cases) {
      const err = await admin.workspace.settings
        .update({ workspace: workspace.slug, ...changed, ...patch })
        .catch((e) => e);
      expect(err).toMatchObject({ code: "BAD_REQUEST" });
      expect(err.message).toContain(field);
      expect(err.message).toContain(text);
    }
    expect(await admin.workspace.settings.get({ workspace: workspace.slug })).toMatchObject({
      name: workspace.name,
      incidentCustomerThreshold: 25,
      updatedAt: null,
    });
  });
});
