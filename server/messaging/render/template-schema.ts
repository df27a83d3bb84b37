/**
 * What a template may hold, checked where it is saved (templates router) and, for messages
 * next to the fields, in the settings form: the same zod schema in both places. Pure, so the
 * browser can import it.
 */
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { LOCALES } from "./locale";
import { SUBJECT_MAX_LENGTH, TEMPLATE_VARIABLES, unknownVariables } from "./variables";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;

export const TEMPLATE_TEXT_MAX_LENGTH = 2000;

function knownVariablesOnly(text: string, ctx: z.RefinementCtx) {
  const unknown = unknownVariables(text);
  if (unknown.length > 0) {
    const names = unknown.map((n) => `{{${n}}}`).join(", ");
    ctx.addIssue({
      code: "custom",
      message: `${unknown.length === 1 ? "Unknown variable" : "Unknown variables"} ${names}. Use ${TEMPLATE_VARIABLES.map((n) => `{{${n}}}`).join(", ")}.`,
    });
  }
}

// A template's own text may be written in the subject before variables fill it; the rendered
// subject is cut to SUBJECT_MAX_LENGTH anyway (render/variables.ts cleanSubject).
const subjectSchema = z
  .string()
  .max(SUBJECT_MAX_LENGTH, `The subject must be at most ${SUBJECT_MAX_LENGTH} characters.`)
  .refine(isStorableText, UNSTORABLE_TEXT)
  .refine((s) => s.trim().length > 0, "The subject must not be empty.")
  .refine(
    (s) => !/[\r\n\u0000-\u001f\u2028\u2029]/.test(s),
    "The subject must be one line of text.",
  )
  .superRefine(knownVariablesOnly);

const textSchema = (label: string) =>
  z
    .string()
    .max(
      TEMPLATE_TEXT_MAX_LENGTH,
      `The ${label} must be at most ${TEMPLATE_TEXT_MAX_LENGTH.toLocaleString("en-US")} characters.`,
    )
    .refine(isStorableText, UNSTORABLE_TEXT)
    .superRefine(knownVariablesOnly);

export const templateKeySchema = z.object({
  status: z.enum(INCIDENT_STATUSES, {
    error: "Choose a status: investigating, identified, monitoring or resolved.",
  }),
  locale: z.enum(LOCALES, { error: `Choose a language: ${LOCALES.join(", ")}.` }),
});

export const templateTextSchema = z.object({
  subject: subjectSchema,
  intro: textSchema("intro"),
  outro: textSchema("outro"),
});

/** A template as saved: its status and language, and its text. */
export const templateSchema = templateKeySchema.extend(templateTextSchema.shape);
export type TemplateInput = z.infer<typeof templateSchema>;

/**
 * What the live preview accepts: any text within the lengths, so that the preview keeps
 * up while the text is being typed (an unknown variable is shown as written).
 */
export const templateDraftSchema = templateKeySchema.extend({
  subject: z
    .string()
    .max(SUBJECT_MAX_LENGTH * 4)
    .refine(isStorableText, UNSTORABLE_TEXT),
  intro: z
    .string()
    .max(TEMPLATE_TEXT_MAX_LENGTH * 2)
    .refine(isStorableText, UNSTORABLE_TEXT),
  outro: z
    .string()
    .max(TEMPLATE_TEXT_MAX_LENGTH * 2)
    .refine(isStorableText, UNSTORABLE_TEXT),
});
