/**
 * What the segments router takes and answers: zod schemas with their inferred types, so the
 * service, the router and the incident page share one definition.
 */
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { SEGMENT_NAME_MAX } from "./predicates";
import { ruleSchema } from "./rule";

export const DESCRIPTION_MAX = 1000;
export const PREVIEW_SAMPLE = 10;

export const segmentNameSchema = z
  .string({ error: "Must be a name" })
  .trim()
  .min(1, "A segment needs a name")
  .max(SEGMENT_NAME_MAX, `A segment name is at most ${SEGMENT_NAME_MAX} characters`)
  .refine(isStorableText, "Must be valid text without NUL characters");

export const descriptionSchema = z
  .string()
  .trim()
  .max(DESCRIPTION_MAX, `A description is at most ${DESCRIPTION_MAX} characters`)
  .refine(isStorableText, "Must be valid text without NUL characters");

const personSchema = z.object({ id: z.string(), name: z.string() });

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  rule: ruleSchema,
  createdBy: personSchema.nullable(),
  createdAt: z.date(),
  updatedBy: personSchema.nullable(),
  updatedAt: z.date(),
  /** Incidents whose audience this segment is. */
  incidentCount: z.number().int(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const segmentRefSchema = z
  .object({
    id: z.uuid("Must be a segment id").optional(),
    name: z.string().max(200).refine(isStorableText, UNSTORABLE_TEXT).optional(),
  })
  .refine((r) => (r.id === undefined) !== (r.name === undefined), "Give either id or name");
export type SegmentRef = z.infer<typeof segmentRefSchema>;

export const createSegmentInput = z.object({
  name: segmentNameSchema,
  description: descriptionSchema.default(""),
  rule: ruleSchema,
});

export const updateSegmentInput = z.object({
  id: z.uuid("Must be a segment id"),
  name: segmentNameSchema.optional(),
  description: descriptionSchema.optional(),
  rule: ruleSchema.optional(),
});

export const sampleCustomerSchema = z.object({
  id: z.number().int(),
  externalId: z.string(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export const previewSchema = z.object({
  /** Customers of the workspace the rule selects (exact). */
  count: z.number().int(),
  /** Up to PREVIEW_SAMPLE of them, newest first. */
  sample: z.array(sampleCustomerSchema),
});
export type Preview = z.infer<typeof previewSchema>;
