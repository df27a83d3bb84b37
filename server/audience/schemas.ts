/**
 * What the audience router takes and answers. An incident's audience is
 *
 *     (customers of its segment rule ∪ customers observed failing ∪ customers added by hand)
 *       − customers excluded by hand
 *
 * where "observed failing" and "added by hand" are its incident_customer rows with source
 * 'observed' and 'manual' (a customer is one or the other, never both), the rule is the saved
 * segment set as its audience (none: the first part is empty), and exclusions are
 * incident_audience_exclusion rows. The counts partition the union before exclusion:
 *
 *     inSegment              = |S|              customers the rule selects
 *     inSegmentFailing       = |S ∩ O|          of those, already failing (part of inSegment)
 *     failingOutsideSegment  = |O − S|          failing, not selected by the rule
 *     added                  = |M − S|          added by hand, not selected by the rule
 *     excluded               = |X ∩ (S ∪ O ∪ M)| excluded customers who would otherwise be in it
 *     total                  = inSegment + failingOutsideSegment + added − excluded
 *                            = |(S ∪ O ∪ M) − X|
 *
 * An exclusion of a customer outside the union is kept (the rule may grow to include them)
 * but counts nowhere.
 */
import { z } from "zod";
import { MAX_CURSOR_LENGTH } from "@/server/cursor";
import { CUSTOMERS_PER_COMMAND } from "@/server/customers/named";
import { incidentRef } from "@/server/incidents/read-schemas";
import {
  predicateSchema,
  PREDICATE_LIMIT,
  ruleSchema,
  segmentNameSchema,
  segmentSchema,
} from "@/server/segments";

export const AUDIENCE_REASONS = ["segment", "failing", "added"] as const;
export type AudienceReason = (typeof AUDIENCE_REASONS)[number];

export const MEMBERS_PAGE_MAX = 500;

export const audienceSchema = z.object({
  segment: z.object({ id: z.string(), name: z.string(), rule: ruleSchema }).nullable(),
  inSegment: z.number().int(),
  inSegmentFailing: z.number().int(),
  failingOutsideSegment: z.number().int(),
  added: z.number().int(),
  excluded: z.number().int(),
  total: z.number().int(),
});
export type Audience = z.infer<typeof audienceSchema>;

const personSchema = z.object({ id: z.string(), name: z.string() });

export const audienceMemberSchema = z.object({
  customerId: z.number().int(),
  externalId: z.string(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Why the customer is (or, when excluded, would be) in the audience; empty when nothing would. */
  reasons: z.array(z.enum(AUDIENCE_REASONS)),
  contacts: z.array(
    z.object({ email: z.string(), name: z.string().nullable(), locale: z.string().nullable() }),
  ),
  /** Set in the list of excluded customers only. */
  excluded: z.object({ by: personSchema.nullable(), at: z.date() }).nullable(),
});
export type AudienceMember = z.infer<typeof audienceMemberSchema>;

export const membersInput = z.object({
  incidentId: incidentRef,
  /** Only members with this reason (a member can have several). */
  reason: z.enum(AUDIENCE_REASONS).optional(),
  /** The customers excluded by hand instead of the members. */
  excluded: z.boolean().default(false),
  cursor: z.string().max(MAX_CURSOR_LENGTH).nullish(),
  limit: z.number().int().min(1).max(MEMBERS_PAGE_MAX).default(50),
});
export type MembersInput = z.input<typeof membersInput>;

export const membersPageSchema = z.object({
  /** In customer id order (stable while the audience changes). */
  rows: z.array(audienceMemberSchema),
  nextCursor: z.string().nullable(),
});
export type MembersPage = z.infer<typeof membersPageSchema>;

export const setSegmentInput = z.object({
  incidentId: incidentRef,
  segmentId: z.uuid("Must be a segment id").nullable(),
});

export const adoptInput = z.object({
  incidentId: incidentRef,
  predicates: z
    .array(predicateSchema)
    .min(1, "Give at least one predicate")
    .max(PREDICATE_LIMIT, `At most ${PREDICATE_LIMIT} predicates`),
  /** The new segment's name; by default the predicates ("region = eu-west-1 · app_version = 5.2.0"). */
  name: segmentNameSchema.optional(),
});

export const adoptResultSchema = z.object({
  segment: segmentSchema,
  /** False when a saved segment with the same rule already existed and was reused. */
  created: z.boolean(),
  audience: audienceSchema,
});

export const customersCommandInput = z.object({
  incidentId: incidentRef,
  /** Internal customer ids (customerId in members). */
  customerIds: z
    .array(z.number().int().positive())
    .min(1, "Name at least one customer")
    .max(CUSTOMERS_PER_COMMAND, `At most ${CUSTOMERS_PER_COMMAND} customers at a time`),
});

export const excludeResultSchema = z.object({
  excluded: z.number().int(),
  alreadyExcluded: z.number().int(),
  audience: audienceSchema,
});

export const includeResultSchema = z.object({
  included: z.number().int(),
  notExcluded: z.number().int(),
  audience: audienceSchema,
});
