/**
 * renderMessage: one status update email for one recipient, as subject, HTML and plain text.
 *
 *   RenderInput ──► words of the recipient's language (locale.ts)
 *               ──► template variables as plain text (variables.ts)
 *               ──► body Markdown → safe HTML and text (markdown.ts)
 *               ──► <StatusUpdateEmail> (emails/) rendered by React Email; text built here
 *
 * Deterministic: the output depends on the input alone — no clock, no random ids — so a batch
 * rebuilt after a crash is byte for byte the one first offered to the provider under the same
 * idempotency key. Every value from an incident, a customer or a responder reaches the HTML as
 * React text (escaped) or through markdown-it with raw HTML escaped; the subject is one line.
 */
import { createElement } from "react";
import { render } from "@react-email/render";
import type { TemplateText } from "../schema-types";
import type { RenderedEmail, RenderInput } from "../types";
import { StatusUpdateEmail, type StatusUpdateEmailProps } from "../emails/status-update";
import { EMAIL_WORDS, LOCALES, formatSentAt, pickLocale, type Locale } from "./locale";
import { markdownToHtml, markdownToText } from "./markdown";
import { cleanSubject, substitute, type TemplateValues } from "./variables";

export { pickLocale, LOCALES, FALLBACK_LOCALE, type Locale } from "./locale";
export { TEMPLATE_VARIABLES, unknownVariables, cleanSubject } from "./variables";

/**
 * The template for a contact's locale out of an update's frozen templates (exact tag, then
 * base language, then "en", which UpdateContent.templates always has).
 */
export function templateFor(
  templates: Record<string, TemplateText>,
  locale: string | null,
): TemplateText {
  return templates[pickLocale(Object.keys(templates), locale)] ?? templates.en;
}

/** What the renderer works from once the language is chosen: every field plain text. */
function prepare(input: RenderInput): { props: StatusUpdateEmailProps; subject: string } {
  const lang: Locale = pickLocale(LOCALES, input.recipient.locale);
  const words = EMAIL_WORDS[lang];
  const statusLabel = words.status[input.update.status];
  const values: TemplateValues = {
    customer_name: input.recipient.name || input.recipient.customerName || words.nameless,
    incident_title: input.incidentTitle,
    status: statusLabel,
    segment: input.segmentInWords || words.noSegment,
    notice_url: input.links.notice,
    unsubscribe_url: input.links.unsubscribe,
    workspace_name: input.workspaceName,
  };
  return {
    subject: cleanSubject(substitute(input.template.subject, values)),
    props: {
      lang,
      workspaceName: input.workspaceName,
      status: input.update.status,
      statusLabel,
      incidentReference: input.incidentReference,
      incidentTitle: input.incidentTitle,
      segmentLine: input.segmentInWords ? words.affects(input.segmentInWords) : null,
      updateLine: words.update(input.update.number, formatSentAt(input.update.sentAt, lang)),
      intro: substitute(input.template.intro, values).trim(),
      updateTitle: input.update.title,
      bodyHtml: markdownToHtml(input.update.body),
      outro: substitute(input.template.outro, values).trim(),
      noticeUrl: input.links.notice,
      buttonLabel: words.button,
      why: words.why(input.workspaceName, input.recipient.email),
      unsubscribeLabel: words.unsubscribe,
      unsubscribeUrl: input.links.unsubscribe,
    },
  };
}

/** The plain-text part: readable on its own, with both links written out. */
function plainText(input: RenderInput, p: StatusUpdateEmailProps): string {
  const words = EMAIL_WORDS[p.lang as Locale];
  const body = markdownToText(input.update.body);
  const sections = [
    p.workspaceName,
    `${words.statusLabel}: ${p.statusLabel} · ${p.incidentReference} · ${p.updateLine}`,
    [p.incidentTitle, p.segmentLine].filter(Boolean).join("\n"),
    p.intro,
    [p.updateTitle, "-".repeat(Math.min(Array.from(p.updateTitle).length, 60)), body]
      .filter(Boolean)
      .join("\n"),
    `${words.buttonHint}\n${p.noticeUrl}`,
    p.outro,
    `--\n${p.why}\n${words.unsubscribeText}\n${p.unsubscribeUrl}`,
  ];
  return `${sections.filter((s) => s.trim()).join("\n\n")}\n`;
}

export async function renderMessage(input: RenderInput): Promise<RenderedEmail> {
  const { props, subject } = prepare(input);
  const html = await render(createElement(StatusUpdateEmail, props));
  return { subject, html, text: plainText(input, props) };
}
