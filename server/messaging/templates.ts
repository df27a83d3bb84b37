/**
 * A workspace's message templates: the subject, intro and outro around a status update, per
 * status and language. Every workspace has the defaults (render/defaults.ts); a row in
 * message_template overrides one (status, locale) pair, and deleting it resets to the default.
 *
 * The send path freezes the templates of every language into the update (templatesForSend),
 * and the renderer picks the recipient's (render/index.ts templateFor), so an edit made while
 * an update is being delivered never changes an email already offered to the provider.
 */
import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { incident, incidentAudience, messageTemplate, segment, statusUpdate } from "@/db/schema";
import { appUrl } from "@/server/env";
import { invalid } from "@/server/errors";
import { DEFAULT_TEMPLATES } from "./render/defaults";
import { renderMessage } from "./render";
import { LOCALES, type Locale } from "./render/locale";
import {
  INCIDENT_STATUSES,
  templateDraftSchema,
  templateSchema,
  type TemplateInput,
} from "./render/template-schema";
import type { IncidentStatus, TemplateText } from "./schema-types";
import { segmentInWords } from "./segment-words";
import type { RenderedEmail } from "./types";

export interface WorkspaceTemplate extends TemplateText {
  status: IncidentStatus;
  locale: Locale;
  /** True when the workspace changed it; false when it is the default. */
  customised: boolean;
  updatedAt: Date | null;
}

function defaultOf(status: IncidentStatus, locale: Locale): WorkspaceTemplate {
  return {
    status,
    locale,
    ...DEFAULT_TEMPLATES[locale][status],
    customised: false,
    updatedAt: null,
  };
}

/** Every status × language, the workspace's own where it has one, else the default. */
export async function listTemplates(db: DbOrTx, workspaceId: string): Promise<WorkspaceTemplate[]> {
  const rows = await db
    .select()
    .from(messageTemplate)
    .where(eq(messageTemplate.workspaceId, workspaceId));
  const own = new Map(rows.map((r) => [`${r.status}:${r.locale}`, r]));
  return INCIDENT_STATUSES.flatMap((status) =>
    LOCALES.map((locale): WorkspaceTemplate => {
      const row = own.get(`${status}:${locale}`);
      return row
        ? {
            status,
            locale,
            subject: row.subject,
            intro: row.intro,
            outro: row.outro,
            customised: true,
            updatedAt: row.updatedAt,
          }
        : defaultOf(status, locale);
    }),
  );
}

/**
 * Saves the workspace's wording of one (status, locale): refused, with the field and the
 * unknown variable named, when it does not fit templateSchema.
 */
export async function saveTemplate(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  input: TemplateInput,
): Promise<WorkspaceTemplate> {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue.path.join(".")}: ${issue.message}`, parsed.error.issues);
  }
  const t = parsed.data;
  const now = new Date();
  const text = { subject: t.subject.trim(), intro: t.intro, outro: t.outro };
  await db
    .insert(messageTemplate)
    .values({
      workspaceId,
      status: t.status,
      locale: t.locale,
      ...text,
      updatedBy: userId,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [messageTemplate.workspaceId, messageTemplate.status, messageTemplate.locale],
      set: { ...text, updatedBy: userId, updatedAt: now },
    });
  return { status: t.status, locale: t.locale, ...text, customised: true, updatedAt: now };
}

/** Back to the default wording for one (status, locale). */
export async function resetTemplate(
  db: DbOrTx,
  workspaceId: string,
  status: IncidentStatus,
  locale: Locale,
): Promise<WorkspaceTemplate> {
  await db
    .delete(messageTemplate)
    .where(
      and(
        eq(messageTemplate.workspaceId, workspaceId),
        eq(messageTemplate.status, status),
        eq(messageTemplate.locale, locale),
      ),
    );
  return defaultOf(status, locale);
}

/**
 * The templates an update of `status` is sent with, by language ("en" always present), to be
 * frozen into status_update.content.templates.
 */
export async function templatesForSend(
  db: DbOrTx,
  workspaceId: string,
  status: IncidentStatus,
): Promise<Record<string, TemplateText>> {
  const rows = await db
    .select({
      locale: messageTemplate.locale,
      subject: messageTemplate.subject,
      intro: messageTemplate.intro,
      outro: messageTemplate.outro,
    })
    .from(messageTemplate)
    .where(and(eq(messageTemplate.workspaceId, workspaceId), eq(messageTemplate.status, status)));
  const templates: Record<string, TemplateText> = {};
  for (const locale of LOCALES) templates[locale] = { ...DEFAULT_TEMPLATES[locale][status] };
  for (const r of rows)
    templates[r.locale] = { subject: r.subject, intro: r.intro, outro: r.outro };
  return templates;
}

// Preview --------------------------------------------------------------------------------

export interface TemplatePreview extends RenderedEmail {
  /** What the preview was made with, in words, so that sample values are never taken for real. */
  sample: string;
}

/**
 * The email as a customer would get it with this (unsaved) wording: with the workspace's
 * newest incident, its audience's segment and its newest update where there are any, else
 * with sample values that say they are samples. The recipient and the links are always
 * samples (a preview names no real customer).
 */
export async function previewTemplate(
  db: DbOrTx,
  workspace: { id: string; name: string },
  draft: unknown,
): Promise<TemplatePreview> {
  const parsed = templateDraftSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue.path.join(".")}: ${issue.message}`, parsed.error.issues);
  }
  const t = parsed.data;
  const [newest] = await db
    .select({
      id: incident.id,
      number: incident.number,
      title: incident.title,
      startedAt: incident.startedAt,
      rule: segment.rule,
    })
    .from(incident)
    .leftJoin(
      incidentAudience,
      and(
        eq(incidentAudience.incidentId, incident.id),
        eq(incidentAudience.workspaceId, workspace.id),
      ),
    )
    .leftJoin(
      segment,
      and(eq(segment.id, incidentAudience.segmentId), eq(segment.workspaceId, workspace.id)),
    )
    .where(eq(incident.workspaceId, workspace.id))
    .orderBy(desc(incident.createdAt), desc(incident.number))
    .limit(1);
  const [update] = newest
    ? await db
        .select({
          number: statusUpdate.number,
          title: statusUpdate.title,
          body: statusUpdate.body,
          sentAt: statusUpdate.sentAt,
          createdAt: statusUpdate.createdAt,
        })
        .from(statusUpdate)
        .where(
          and(eq(statusUpdate.workspaceId, workspace.id), eq(statusUpdate.incidentId, newest.id)),
        )
        .orderBy(desc(statusUpdate.number))
        .limit(1)
    : [];

  const sampleUpdate = {
    number: 1,
    title: "Sample update: what we know so far",
    body:
      "This is a **sample** update: the title and body a responder writes appear here.\n\n" +
      "- What is affected\n- What we are doing about it\n- When we will write next",
  };
  const email = await renderMessage({
    workspaceName: workspace.name,
    incidentReference: newest ? `INC-${newest.number}` : "INC-1",
    incidentTitle: newest?.title ?? "Sample incident: checkout fails for some customers",
    segmentInWords: newest
      ? segmentInWords(newest.rule)
      : "app_version = 5.2.0 and region = eu-west",
    update: {
      ...(update ?? sampleUpdate),
      status: t.status,
      sentAt: update?.sentAt ?? update?.createdAt ?? newest?.startedAt ?? new Date(),
    },
    recipient: {
      email: "alex.sample@example.com",
      name: "Alex Sample",
      customerName: "Sample Customer Ltd",
      locale: t.locale,
    },
    template: { subject: t.subject, intro: t.intro, outro: t.outro },
    links: { notice: `${appUrl()}/notice/sample`, unsubscribe: `${appUrl()}/unsubscribe/sample` },
  });
  const what = newest
    ? update
      ? `INC-${newest.number} and its update ${update.number}`
      : `INC-${newest.number} with a sample update`
    : "a sample incident and a sample update (this workspace has no incident yet)";
  return {
    ...email,
    sample: `Preview with ${what}, sent to a sample recipient (Alex Sample); the links are samples.`,
  };
}
