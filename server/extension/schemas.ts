/**
 * What /api/extension/v1 takes and answers (docs/extension.md): snake_case JSON, dates as
 * ISO 8601 strings. Bodies are strict, so a misspelt field is a 400 that names it rather
 * than a value silently ignored.
 */
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from "@/server/incidents/queries";
import { incidentRef } from "@/server/incidents/read-schemas";

/** At most this many identifiers per lookup. */
export const MAX_IDENTIFIERS = 50;
/** The longest note a report takes. */
export const MAX_REPORT_NOTE = 2000;

const storable = (max: number) =>
  z.string().trim().max(max).refine(isStorableText, UNSTORABLE_TEXT);

export const IDENTIFIER_KINDS = ["email", "external_id"] as const;

/**
 * The longest identifier value taken. Longer than any stored address (254) or external id
 * (200) on purpose: whatever a page shows up to this length is looked up (and names nobody)
 * rather than failing the other identifiers of the batch.
 */
export const MAX_IDENTIFIER_LENGTH = 320;

/** A customer as found on a ticket: a contact's address, or the workspace's own customer id. */
export const identifierSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("email"),
      value: storable(MAX_IDENTIFIER_LENGTH)
        .min(1, "An email address is required")
        .regex(/^[^\s@]+@[^\s@]+$/, "Not an email address"),
    }),
    z.object({
      kind: z.literal("external_id"),
      value: storable(MAX_IDENTIFIER_LENGTH).min(1, "An external id is required"),
    }),
  ])
  .describe("identifier");
export type Identifier = z.output<typeof identifierSchema>;

export const lookupBody = z
  .object({
    identifiers: z
      .array(identifierSchema)
      .min(1, "Send at least one identifier")
      .max(MAX_IDENTIFIERS, `Send at most ${MAX_IDENTIFIERS} identifiers`),
  })
  .strict();

const note = storable(MAX_REPORT_NOTE);
const ticketUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(isStorableText, UNSTORABLE_TEXT)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), "Must be an http(s) URL")
  .nullish();

export const reportBody = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("affected"),
      incident_id: incidentRef,
      customer: identifierSchema,
      note: note.optional(),
      ticket_url: ticketUrl,
    })
    .strict(),
  z
    .object({
      kind: z.literal("suspected"),
      customer: identifierSchema,
      note: note.min(1, "Say what the customer reports"),
      ticket_url: ticketUrl,
    })
    .strict(),
]);
export type ReportBody = z.output<typeof reportBody>;

export const activityBody = z
  .object({
    kind: z.literal("reply_inserted"),
    incident_id: incidentRef,
    update_id: z.string().trim().min(1).max(64),
    customer: identifierSchema,
  })
  .strict();
export type ActivityBody = z.output<typeof activityBody>;

// Answers --------------------------------------------------------------------------------

export const latestUpdateJson = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.enum(INCIDENT_STATUSES),
    title: z.string(),
    body_markdown: z.string(),
    body_text: z.string(),
    sent_at: z.string(),
  })
  .nullable();

export const meJson = z.object({
  user: z.object({ name: z.string(), email: z.string() }),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  role: z.string(),
  token: z.object({ id: z.string(), name: z.string(), created_at: z.string() }),
});

/** An incident as both answers name it. */
const incidentJson = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(INCIDENT_SEVERITIES),
});

export const incidentsJson = z.object({
  data: z.array(
    incidentJson.extend({
      started_at: z.string(),
      affected_customers: z.number().int(),
      url: z.string(),
      latest_update: latestUpdateJson,
    }),
  ),
});

export const LOOKUP_REASONS = ["failing", "segment", "added"] as const;
export type LookupReason = (typeof LOOKUP_REASONS)[number];

export const lookupJson = z.object({
  matches: z.array(
    z.object({
      identifier: z.object({ kind: z.enum(IDENTIFIER_KINDS), value: z.string() }),
      customer: z.object({
        id: z.number().int(),
        external_id: z.string(),
        name: z.string().nullable(),
      }),
      contact_name: z.string().nullable(),
      incidents: z.array(
        incidentJson.extend({
          since: z.string(),
          reason: z.enum(LOOKUP_REASONS),
          latest_update: latestUpdateJson,
          url: z.string(),
        }),
      ),
    }),
  ),
});

export const reportJson = z.object({
  report_id: z.string(),
  /** The group a suspected report joined or started; null for "affected". */
  group_id: z.string().nullable(),
  /** Distinct customers in that group, this one included; null for "affected". */
  customers_in_group: z.number().int().nullable(),
});
