/**
 * Template variables: `{{customer_name}}` and friends in a template's subject, intro and
 * outro. They are replaced by plain text — never by markup — and the text is escaped where it
 * lands (React escapes the HTML part; the subject is made a single clean line).
 *
 * A template may only name the variables below: saving one with any other is refused with the
 * unknown name (`unknownVariables`), so a typo never reaches a customer as `{{custmer_name}}`.
 */

export const TEMPLATE_VARIABLES = [
  "customer_name",
  "incident_title",
  "status",
  "segment",
  "notice_url",
  "unsubscribe_url",
  "workspace_name",
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string>;

/** What each variable becomes, for the settings page's chips. */
export const VARIABLE_DESCRIPTIONS: Record<TemplateVariable, string> = {
  customer_name: "The contact's name, else the customer's name, else a greeting word",
  incident_title: "The incident's title",
  status: "The update's status in words (Investigating, Identified, Monitoring, Resolved)",
  segment:
    'Who is affected, in words (app_version = 5.2.0 and region = eu-west), else "your account"',
  notice_url: "The customer's personal notice page",
  unsubscribe_url: "The page where the customer stops these notices",
  workspace_name: "Your workspace's name",
};

// `{{ name }}`: the name is whatever sits between the braces, so that `{{Customer Name}}` is
// reported as unknown rather than silently left in the text.
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isKnown(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** The names used in `text` that are not template variables, each once, in order. */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) {
    if (!isKnown(match[1])) unknown.add(match[1]);
  }
  return [...unknown];
}

/** `text` with each known variable replaced by its value; anything else is left as written. */
export function substitute(text: string, values: TemplateValues): string {
  return text.replace(VARIABLE, (whole, name: string) => (isKnown(name) ? values[name] : whole));
}

// Controls (C0, DEL, C1) and the Unicode line and paragraph separators: none belongs in a
// header, and CR/LF would start a new one.
const HEADER_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export const SUBJECT_MAX_LENGTH = 150;

/** A subject line: one line of plain text, whitespace collapsed, at most 150 characters. */
export function cleanSubject(subject: string): string {
  const line = subject.replace(HEADER_BREAKERS, " ").replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  if (chars.length <= SUBJECT_MAX_LENGTH) return line;
  return `${chars
    .slice(0, SUBJECT_MAX_LENGTH - 1)
    .join("")
    .trimEnd()}…`;
}
