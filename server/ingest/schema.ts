/**
 * What POST /api/v1/events accepts, as zod schemas. The envelope (`{"events":[…]}` with
 * 1..1000 items) is checked as a whole — a bad envelope is a 400 and nothing is stored —
 * and each event on its own, so one bad event is rejected without its neighbours.
 *
 * Limits:
 * - events per request: 1..1000 (and 1 MiB per request body)
 * - event `id`, `fingerprint`, `service`, `error.type`: 1..200 characters; `error.message`:
 *   up to 10,000 (the first 2,000 count for the derived fingerprint)
 * - `timestamp`: ISO 8601 with a time zone (`Z` or `±hh:mm`), at most 24 h in the future and
 *   no older than the workspace's raw-event retention (checked in index.ts, which knows it)
 * - `customer`: `id` a string (trimmed, 1..200) or a whole number, kept as text; `name` up to
 *   200; `email` an address (lower-cased); `attributes` as in the customer directory
 *   (server/customers/schema.ts: at most 64 keys of letters, digits, `_ . -`, up to 64
 *   characters; values a string up to 500 characters, a finite number or a boolean)
 * - the event's own `attributes`: the same rules
 * - no text may contain NUL characters or unpaired surrogates (PostgreSQL cannot store them)
 */
import { z } from "zod";
import {
  attributesSchema,
  contactInputSchema,
  customerInputSchema,
  isStorableText,
  required,
} from "@/server/customers/schema";

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

const text = (min: number, max: number) =>
  z
    .string({ error: required("Expected a string") })
    .min(min)
    .max(max)
    .refine(isStorableText, "must not contain NUL characters or unpaired surrogates");

export const eventSchema = z.object({
  id: text(1, 200),
  timestamp: z.iso.datetime({
    offset: true,
    error: required("Expected an ISO 8601 timestamp with a time zone"),
  }),
  service: text(1, 200),
  error: z.object(
    { type: text(1, 200), message: text(0, 10_000) },
    { error: required("Expected an object with type and message") },
  ),
  fingerprint: text(1, 200).optional(),
  customer: z.object(
    {
      id: customerInputSchema.shape.id,
      email: contactInputSchema.shape.email.optional(),
      name: customerInputSchema.shape.name,
      attributes: attributesSchema.optional(),
    },
    { error: required("Expected an object with the customer's id") },
  ),
  attributes: attributesSchema.optional(),
});

/** One event as a client sends it (what `ingestEvents` accepts). */
export type IngestEventInput = z.input<typeof eventSchema>;
export type IngestEvent = z.output<typeof eventSchema>;

export const eventsBodySchema = z.object({
  events: z
    .array(z.unknown())
    .min(1, "send at least one event")
    .max(MAX_EVENTS_PER_REQUEST, `at most ${MAX_EVENTS_PER_REQUEST} events per request`),
});

export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), error: z.string() })),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;
