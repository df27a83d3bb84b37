import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageTemplate } from "@/db/schema";
import { DEFAULT_TEMPLATES } from "@/server/messaging/render/defaults";
import { templatesForSend } from "@/server/messaging/templates";
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

const ours = {
  status: "investigating" as const,
  locale: "de" as const,
  subject: "Störung bei {{workspace_name}}: {{incident_title}}",
  intro: "Guten Tag {{customer_name}},\n\nwir prüfen gerade eine Störung.",
  outro: "Mehr unter {{notice_url}}",
};

describe("templates router", () => {
  it("lists every status × language with the defaults, none customised", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const responder = await callerAs(env, users.responder);
    const list = await responder.templates.list({ workspace: workspace.slug });
    expect(list.templates).toHaveLength(4 * 3);
    expect(list.canEdit).toBe(false);
    expect(list.locales.map((l) => l.locale)).toEqual(["en", "de", "fr"]);
    expect(list.variables.map((v) => v.name)).toContain("unsubscribe_url");
    expect(list.templates.find((t) => t.status === "resolved" && t.locale === "fr")).toEqual({
      status: "resolved",
      locale: "fr",
      ...DEFAULT_TEMPLATES.fr.resolved,
      customised: false,
      updatedAt: null,
    });
  });

  it("saves a commander's wording, lists it as customised, freezes it for sending, resets it", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const commander = await callerAs(env, users.commander);
    const saved = await commander.templates.update({ workspace: workspace.slug, ...ours });
    expect(saved).toMatchObject({ ...ours, customised: true });

    const list = await commander.templates.list({ workspace: workspace.slug });
    expect(list.canEdit).toBe(true);
    const de = list.templates.find((t) => t.status === "investigating" && t.locale === "de");
    expect(de).toMatchObject({ subject: ours.subject, customised: true });
    expect(list.templates.filter((t) => t.customised)).toHaveLength(1);

    const forSend = await templatesForSend(env.db, workspace.id, "investigating");
    expect(Object.keys(forSend).sort()).toEqual(["de", "en", "fr"]);
    expect(forSend.de).toEqual({ subject: ours.subject, intro: ours.intro, outro: ours.outro });
    expect(forSend.en).toEqual(DEFAULT_TEMPLATES.en.investigating);
    expect((await templatesForSend(env.db, workspace.id, "resolved")).de).toEqual(
      DEFAULT_TEMPLATES.de.resolved,
    );

    // Saving again changes the same row.
    await commander.templates.update({ workspace: workspace.slug, ...ours, outro: "Danke." });
    const rows = await env.db
      .select()
      .from(messageTemplate)
      .where(eq(messageTemplate.workspaceId, workspace.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outro: "Danke.", updatedBy: users.commander.id });

    const reset = await commander.templates.reset({
      workspace: workspace.slug,
      status: "investigating",
      locale: "de",
    });
    expect(reset).toMatchObject({ ...DEFAULT_TEMPLATES.de.investigating, customised: false });
    expect(
      await env.db
        .select()
        .from(messageTemplate)
        .where(eq(messageTemplate.workspaceId, workspace.id)),
    ).toHaveLength(0);
  });

  it("refuses unknown variables, a multi-line or empty subject and unknown languages, storing nothing", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { intro: "Hi {{customer_nmae}} and {{ Status }}" },
        /Unknown variables \{\{customer_nmae\}\}, \{\{Status\}\}/,
      ],
      [{ outro: "{{notice_link}}" }, /Unknown variable \{\{notice_link\}\}/],
      [{ subject: "Line one\r\nBcc: x@example.com" }, /The subject must be one line/],
      [{ subject: "   " }, /The subject must not be empty/],
      [{ subject: "x".repeat(151) }, /The subject must be at most 150 characters/],
      [{ locale: "es" }, /Choose a language: en, de, fr/],
      [{ status: "exploded" }, /Choose a status/],
      [{ intro: "nul \u0000" }, /Must be valid text/],
    ];
    for (const [change, message] of cases) {
      await expect(
        admin.templates.update({ workspace: workspace.slug, ...ours, ...change } as never),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
      // Over HTTP the same error reads "<field>: <message>" (init.ts errorFormatter).
    }
    expect(
      await env.db
        .select()
        .from(messageTemplate)
        .where(eq(messageTemplate.workspaceId, workspace.id)),
    ).toHaveLength(0);
  });

  it("lets responders read and preview but not change; viewers and outsiders see nothing", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const responder = await callerAs(env, users.responder);
    await expect(
      responder.templates.update({ workspace: workspace.slug, ...ours }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      responder.templates.reset({ workspace: workspace.slug, status: "resolved", locale: "en" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const viewer = await callerAs(env, users.viewer);
    await expect(viewer.templates.list({ workspace: workspace.slug })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      viewer.templates.preview({ workspace: workspace.slug, ...ours }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps each workspace's templates to itself", async () => {
    const a = await workspaceWithTeam(env);
    const b = await workspaceWithTeam(env);
    const adminA = await callerAs(env, a.users.admin);
    await adminA.templates.update({ workspace: a.workspace.slug, ...ours });
    // A's admin cannot reach B's templates by naming B.
    await expect(adminA.templates.list({ workspace: b.workspace.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      adminA.templates.update({ workspace: b.workspace.slug, ...ours }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      adminA.templates.reset({
        workspace: b.workspace.slug,
        status: "investigating",
        locale: "de",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const adminB = await callerAs(env, b.users.admin);
    const listB = await adminB.templates.list({ workspace: b.workspace.slug });
    expect(listB.templates.every((t) => !t.customised)).toBe(true);
    expect((await templatesForSend(env.db, b.workspace.id, "investigating")).de).toEqual(
      DEFAULT_TEMPLATES.de.investigating,
    );
    // B resetting its own (default) template leaves A's in place.
    await adminB.templates.reset({
      workspace: b.workspace.slug,
      status: "investigating",
      locale: "de",
    });
    const [rowA] = await env.db
      .select()
      .from(messageTemplate)
      .where(
        and(eq(messageTemplate.workspaceId, a.workspace.id), eq(messageTemplate.locale, "de")),
      );
    expect(rowA.subject).toBe(ours.subject);
  });

  it("previews unsaved wording with the workspace's newest incident, else labelled samples", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const commander = await callerAs(env, users.commander);
    const empty = await commander.templates.preview({ workspace: workspace.slug, ...ours });
    expect(empty.sample).toMatch(/sample incident .*no incident yet/);
    expect(empty.subject).toBe(
      `Störung bei ${workspace.name}: Sample incident: checkout fails for some customers`,
    );
    expect(empty.html).toContain("Aktuellen Stand ansehen");

    await commander.incidents.create({
      workspace: workspace.slug,
      title: "Login <b>slow</b> in eu-west",
    });
    const real = await commander.templates.preview({
      workspace: workspace.slug,
      ...ours,
      intro: "Hallo {{customer_name}}, {{unknown}} bleibt stehen.",
    });
    expect(real.sample).toMatch(/^Preview with INC-\d+ with a sample update/);
    expect(real.subject).toBe(`Störung bei ${workspace.name}: Login <b>slow</b> in eu-west`);
    expect(real.html).toContain("Login &lt;b&gt;slow&lt;/b&gt; in eu-west");
    expect(real.text).toContain("Hallo Alex Sample, {{unknown}} bleibt stehen.");
    // Nothing was saved by previewing.
    expect(
      await env.db
        .select()
        .from(messageTemplate)
        .where(eq(messageTemplate.workspaceId, workspace.id)),
    ).toHaveLength(0);
  });
});
