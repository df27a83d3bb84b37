/**
 * What a customer looks like at every boundary (REST, CSV import, ingest): one zod schema,
 * its limits, and the normalised shape the database code writes. Strings that PostgreSQL
 * cannot store (NUL characters, lone UTF-16 surrogates) are rejected here with a message,
 * so bad input is a 400 and never a failed write.
 */
import { z } from "zod";

export const CUSTOMER_LIMITS = {
  batch: 1000,
  externalId: 200,
  name: 200,
  attributes: 64,
  attributeKey: 64,
  attributeString: 500,
  contacts: 50,
  email: 254,
  locale: 35,
} as const;

export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z0-9_.\-]+$/;
/** BCP 47-ish: a 2–3 letter language, then subtags of 1–8 letters or digits (en, de-DE, zh-Hant-TW). */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store the string as text and inside jsonb. */
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && !LONE_SURROGATE.test(s);
}

/** What a refused `isStorableText` says: `.refine(isStorableText, UNSTORABLE_TEXT)`. */
export const UNSTORABLE_TEXT = "Must be valid text without NUL characters or unpaired surrogates";

function storable(max: number) {
  return z
    .string()
    .max(max, `Must be at most ${max} characters`)
    .refine((s) => !s.includes("\u0000"), "Must not contain NUL characters")
    .refine((s) => !LONE_SURROGATE.test(s), "Must be valid Unicode text");
}

/** Whitespace around ids and names is never meaningful; an empty one after trimming is missing. */
function trimmed(max: number, label: string) {
  return z.string().trim().min(1, `${label} must not be empty`).pipe(storable(max));
}

/** A missing field says "Required"; a present but wrong one says `message`. */
export const required = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "Required" : message;

export const attributeValueSchema = z.union(
  [
    storable(CUSTOMER_LIMITS.attributeString),
    z.number().refine(Number.isFinite, "Must be a finite number"),
    z.boolean(),
  ],
  { error: "Must be a string, a number or a boolean" },
);

/**
 * Names JavaScript gives objects' prototype machinery. Refused as attribute names: `__proto__`
 * would otherwise be dropped without a word by JSON parsing into plain objects (or, worse,
 * replace an object's prototype), and the other two shadow what every object has.
 */
export const RESERVED_ATTRIBUTE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

export const isReservedAttributeKey = (key: string) => RESERVED_ATTRIBUTE_KEYS.includes(key);

export const reservedAttributeKeyMessage = (key: string) =>
  `"${key}" is a reserved name; use another attribute name`;

/** An attribute name, wherever one is given: attributes, filters, segment rules. */
export const attributeKeySchema = z
  .string({ error: "Must be an attribute name" })
  .min(1, "Attribute names must not be empty")
  .max(
    CUSTOMER_LIMITS.attributeKey,
    `Attribute names must be at most ${CUSTOMER_LIMITS.attributeKey} characters`,
  )
  .regex(ATTRIBUTE_KEY_PATTERN, "Attribute names may use only letters, digits, _ . and -")
  .check((ctx) => {
    if (isReservedAttributeKey(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: reservedAttributeKeyMessage(ctx.value),
      });
    }
  });

/**
 * The attributes object. Reserved names are refused on the object as sent, each under its
 * own name: a zod record skips a `__proto__` key before any check of its keys sees it.
 */
export const attributesSchema = z
  .unknown()
  .check((ctx) => {
    if (typeof ctx.value !== "object" || ctx.value === null) return;
    for (const key of Object.keys(ctx.value).filter(isReservedAttributeKey)) {
      ctx.issues.push({
        code: "custom",
        input: key,
        path: [key],
        message: reservedAttributeKeyMessage(key),
      });
    }
  })
  .pipe(z.record(attributeKeySchema, attributeValueSchema))
  .refine(
    (a) => Object.keys(a).length <= CUSTOMER_LIMITS.attributes,
    `At most ${CUSTOMER_LIMITS.attributes} attributes per customer`,
  );

export const contactInputSchema = z.object({
  email: z
    .email({ error: required("Invalid email address") })
    .max(CUSTOMER_LIMITS.email)
    // Contacts are matched by email: Ann@Example.com and ann@example.com are one person.
    .transform((e) => e.toLowerCase()),
  name: trimmed(CUSTOMER_LIMITS.name, "Contact name").optional(),
  locale: z
    .string()
    .max(CUSTOMER_LIMITS.locale)
    .regex(LOCALE_PATTERN, "Must be a language tag such as en or de-DE")
    .optional(),
});

export const customerInputSchema = z.object({
  /** The customer's id in the workspace's own systems. Whole numbers are accepted and kept as text. */
  id: z.preprocess(
    (v) => (typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v),
    z
      .string({ error: required("Must be a string or a whole number") })
      .trim()
      .min(1, "id must not be empty")
      .pipe(storable(CUSTOMER_LIMITS.externalId)),
  ),
  name: trimmed(CUSTOMER_LIMITS.name, "name").optional(),
  attributes: attributesSchema.optional(),
  contacts: z
    .array(contactInputSchema)
    .max(CUSTOMER_LIMITS.contacts, `At most ${CUSTOMER_LIMITS.contacts} contacts per customer`)
    .optional(),
});

/** The body of `PUT /api/v1/customers`. */
export const customersUpsertSchema = z.object({
  customers: z
    .array(customerInputSchema)
    .min(1, "Send at least one customer")
    .max(CUSTOMER_LIMITS.batch, `At most ${CUSTOMER_LIMITS.batch} customers per request`),
});

/** What callers send (before parsing). */
export type CustomerInputRaw = z.input<typeof customerInputSchema>;
/** A validated customer: ids and names trimmed, emails lower-cased. */
export type CustomerInput = z.output<typeof customerInputSchema>;
export type ContactInput = z.output<typeof contactInputSchema>;
export type CustomersUpsertBody = z.output<typeof customersUpsertSchema>;

export const upsertResultSchema = z.object({
  /** Customers that did not exist before. */
  created: z.number().int(),
  /** Existing customers whose name, attributes or contacts changed. Unchanged ones count in neither. */
  updated: z.number().int(),
});
export type UpsertResult = z.infer<typeof upsertResultSchema>;
