/**
 * What the status update procedures and the REST API take and answer. The audience is written
 * the same way at both doors: "incident" (the incident's audience), "observed" (only the
 * customers observed failing) or {"segment": "<saved segment id>"}.
 */
import { z } from "zod";
import { messageState, statusUpdateState } from "@/db/schema";
import { ROLES } from "@/server/auth/roles";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { incidentRef, statusSchema } from "@/server/incidents/read-schemas";
import { RECIPIENT_REASONS } from "./recipients";
import type { UpdateAudience } from "./schema-types";

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
export const SAMPLE_SIZE = 10;

export const REACHES = ["audience", "follow_up", "everyone_told"] as const;
export const reachSchema = z.enum(REACHES);

export const audienceInput = z.union(
  [
    z.literal("incident"),
    z.literal("observed"),
    z.strictObject({ segment: z.uuid("Must be a saved segment's id") }),
  ],
  { error: 'Audience is "incident", "observed" or {"segment": "<segment id>"}' },
);
export type AudienceInput = z.infer<typeof audienceInput>;

export function toAudience(a: AudienceInput): UpdateAudience {
  return typeof a === "string" ? { kind: a } : { kind: "segment", segmentId: a.segment };
}

export function fromAudience(a: UpdateAudience): AudienceInput {
  return a.kind === "segment" ? { segment: a.segmentId } : a.kind;
}

export const titleSchema = z
  .string({ error: "Title must be text" })
  .trim()
  .min(1, "Give the update a title")
  .max(TITLE_MAX, `Title must be at most ${TITLE_MAX} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT);

export const bodySchema = z
  .string({ error: "Body must be text" })
  .refine((s) => s.trim().length > 0, "Write the update's body")
  .refine(
    (s) => s.length <= BODY_MAX,
    `Body must be at most ${BODY_MAX.toLocaleString("en-US")} characters`,
  )
  .refine(isStorableText, UNSTORABLE_TEXT);

export const draftFields = z.object({
  status: statusSchema,
  title: titleSchema,
  body: bodySchema,
  audience: audienceInput,
  /** Default: the audience for the first update, a follow-up after that, everyone told for "resolved". */
  reach: reachSchema.optional(),
});
export type DraftFields = z.infer<typeof draftFields>;

export const createDraftInput = draftFields.extend({ incidentId: incidentRef });
export const updateRef = z.object({ updateId: z.uuid("Must be a status update id") });
export const updateDraftInput = updateRef.extend(draftFields.partial().shape);
export const previewInput = draftFields.extend({ incidentId: incidentRef });

// Outputs -----------------------------------------------------------------------------------

export const countsSchema = z.object({
  customers: z.number().int(),
  customersWithoutContact: z.number().int(),
  toldBefore: z.number().int(),
  newlyInAudience: z.number().int(),
  contacts: z.number().int(),
  unsubscribed: z.number().int(),
  suppressed: z.number().int(),
  recipients: z.number().int(),
});

export const sampleSchema = z.object({
  customerId: z.number().int(),
  externalId: z.string(),
  customerName: z.string().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  locale: z.string().nullable(),
  reasons: z.array(z.enum(RECIPIENT_REASONS)),
});

export const MESSAGE_STATES = messageState.enumValues;
export const deliverySchema = z.object(
  Object.fromEntries(MESSAGE_STATES.map((s) => [s, z.number().int()])) as Record<
    (typeof MESSAGE_STATES)[number],
    z.ZodNumber
  >,
);
export type DeliveryCounts = z.infer<typeof deliverySchema>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const statusUpdateSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  number: z.number().int(),
  status: statusSchema,
  title: z.string(),
  body: z.string(),
  audience: audienceInput,
  reach: reachSchema,
  state: z.enum(statusUpdateState.enumValues),
  customerCount: z.number().int(),
  recipientCount: z.number().int(),
  createdBy: person,
  createdAt: z.date(),
  updatedAt: z.date(),
  approvedBy: person,
  approvedAt: z.date().nullable(),
  sentBy: person,
  sentAt: z.date().nullable(),
  cancelledBy: person,
  cancelledAt: z.date().nullable(),
  delivery: deliverySchema,
});
export type StatusUpdateView = z.infer<typeof statusUpdateSchema>;

export const listOutput = z.object({
  updates: z.array(statusUpdateSchema),
  /** What the composer needs: the threshold above which an update waits for approval. */
  approvalThreshold: z.number().int(),
  /** Whether the incident has a sent update (later updates default to a follow-up). */
  hasSent: z.boolean(),
  /** The caller, so the page can tell who may approve what. */
  you: z.object({ id: z.string(), role: z.enum(ROLES) }),
});

export const previewOutput = z.object({
  reach: reachSchema,
  counts: countsSchema,
  approvalThreshold: z.number().int(),
  needsApproval: z.boolean(),
  sample: z.array(sampleSchema),
  /** The email as the first sample recipient would get it; null when nobody would. */
  email: z
    .object({
      to: z.string(),
      from: z.string(),
      subject: z.string(),
      html: z.string(),
      text: z.string(),
      noticeUrl: z.string(),
    })
    .nullable(),
});
export type UpdatePreview = z.infer<typeof previewOutput>;

export const submitOutput = z.object({
  id: z.string(),
  state: z.enum(statusUpdateState.enumValues),
  customers: z.number().int(),
  recipients: z.number().int(),
});
export type SubmitResult = z.infer<typeof submitOutput>;
