/**
 * What POST /api/v1/events accepts, as zod schemas. The envelope (`{"events":[…]}` with
 * 1..1000 items) is checked as a whole — a bad envelope is a 400 and nothing is stored —
 * and each event on its own, so one bad event is rejected without its neighbours.
 *
 * Limits:
 * - events per request: 1..1000 (and 1 MiB per request body)
 * - event `id`, `customer.id`, `fingerprint`: 1..200 characters; `service`, `error.type`:
 *   1..200; `error.message`: up to 10,000; `customer.name`: up to 200; `customer.email`:
 *   an email address, up to 320
 * - `timestamp`: ISO 8601 with a time zone (`Z` or `±hh:mm`), at most 24 h in the future
 * - attributes (`customer.attributes` and the event's own `attributes`): at most 50 keys;
 *   a key is 1..64 characters of letters, digits, `_ . : -`, starting with a letter or
 *   digit; a value is a string (up to 512 characters), a finite number or a boolean.
 */
import { z } from "zod";

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_ATTRIBUTES = 50;
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export const attributeKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
    "attribute names are 1-64 letters, digits or _ . : - and start with a letter or digit",
  );

export const attributeValueSchema = z.union(
  [z.string().max(512), z.number().finite(), z.boolean()],
  { error: "attribute values must be a string (up to 512 characters), a number or a boolean" },
);

export const attributesSchema = z
  .record(attributeKeySchema, attributeValueSchema)
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, {
    message: `at most ${MAX_ATTRIBUTES} attributes`,
  });

const text = (max: number) => z.string().min(1).max(max);

export const eventSchema = z.object({
  id: text(200),
  timestamp: z.iso.datetime({
    offset: true,
    error: "expected an ISO 8601 timestamp with a time zone",
  }),
  service: text(200),
  error: z.object({ type: text(200), message: z.string().max(10_000) }),
  fingerprint: text(200).optional(),
  customer: z.object({
    id: text(200),
    email: z.email().max(320).optional(),
    name: z.string().max(200).optional(),
    attributes: attributesSchema.optional(),
  }),
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
