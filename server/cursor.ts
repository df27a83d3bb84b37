/**
 * Paging cursors: one codec for every keyset-paged list. To a client a cursor is an opaque
 * string meaning "continue this list after the row it was issued for". It is
 *
 *     <payload>.<mac>
 *
 * where the payload is the base64url JSON of the last row's sort key and id, and the mac the
 * first 16 bytes of an HMAC-SHA256, keyed from the server's secret, over the list's name, its
 * scope (the workspace and whatever else fixes the list: the incident, the sort order, …) and
 * the payload. Decoding checks the form, then the mac — so a cursor issued for another list,
 * sort, incident or workspace, or altered at all, is refused — and then the payload against
 * the list's zod schema, so that one issued by an earlier version in another shape is refused
 * as well. Only then does a value reach SQL. Every failure is the same 400 `invalid`, which
 * tells nothing of what was wrong.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "@/server/customers/schema";
import { authSecret } from "@/server/env";
import { invalid } from "@/server/errors";

/** The longest cursor a list accepts back; the longest it issues is about half this. */
export const MAX_CURSOR_LENGTH = 4096;

export const CURSOR_REFUSED =
  "cursor: This cursor was not issued by this endpoint for this list; start again without one.";

/** What fixes a list besides its name: workspace id, incident id, sort order… */
export type CursorScope = readonly (string | number)[];

export interface CursorCodec<S extends z.ZodType> {
  encode(scope: CursorScope, value: z.input<S>): string;
  /** The cursor's value, or `invalid` (400) for anything this codec did not issue. */
  decode(scope: CursorScope, raw: string): z.output<S>;
}

const MAC_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

let keyFor: { secret: string; key: Buffer } | undefined;

/** A key of its own, derived from the auth secret, so cursors sign nothing else. */
function cursorKey(): Buffer {
  const secret = authSecret();
  if (keyFor?.secret !== secret) {
    keyFor = {
      secret,
      key: createHmac("sha256", secret).update("blastradius paging cursor v1").digest(),
    };
  }
  return keyFor.key;
}

function mac(list: string, scope: CursorScope, payload: string): Buffer {
  return createHmac("sha256", cursorKey())
    .update(JSON.stringify([list, ...scope]))
    .update("\n")
    .update(payload)
    .digest()
    .subarray(0, MAC_BYTES);
}

/** The codec of one list; `list` names it, so no two lists take each other's cursors. */
export function cursorCodec<S extends z.ZodType>(list: string, schema: S): CursorCodec<S> {
  return {
    encode(scope, value) {
      const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
      return `${payload}.${mac(list, scope, payload).toString("base64url")}`;
    },
    decode(scope, raw) {
      const parts = raw.split(".");
      if (raw.length > MAX_CURSOR_LENGTH || parts.length !== 2) throw invalid(CURSOR_REFUSED);
      const [payload, tag] = parts;
      if (!BASE64URL.test(payload) || !BASE64URL.test(tag)) throw invalid(CURSOR_REFUSED);
      const given = Buffer.from(tag, "base64url");
      // One spelling per mac: base64url's unused low bits must be zero, as `encode` writes them.
      if (given.toString("base64url") !== tag) throw invalid(CURSOR_REFUSED);
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(list, scope, payload))) {
        throw invalid(CURSOR_REFUSED);
      }
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw invalid(CURSOR_REFUSED);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw invalid(CURSOR_REFUSED);
      return parsed.data;
    },
  };
}

// The values cursors carry -------------------------------------------------------------------

/** A row id (bigserial): a whole number from 1 up to what a JavaScript number holds exactly. */
export const cursorRowId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A sort key compared as text: at most `max` UTF-16 units, storable by PostgreSQL. */
export const cursorText = (max: number) => z.string().max(max).refine(isStorableText);

/** A whole number in PostgreSQL's text form, from 0 up to `max` (an integer column's range). */
export const cursorWholeNumberText = (max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/)
    .refine((s) => Number(s) <= max);

const TIMESTAMPTZ_TEXT =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:[0-5]\d){0,2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A timestamptz as PostgreSQL writes it as text ("2026-03-02 12:00:00.123456+00"), and a real
 * moment: a month of the year, a day of that month, a time of the day.
 */
export const cursorTimestamptzText = z.string().refine((s) => {
  const m = TIMESTAMPTZ_TEXT.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return (
    year >= 1 &&
    days !== undefined &&
    day >= 1 &&
    day <= days &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
});

/**
 * The paging fields of a list procedure: an opaque `cursor` (the previous page's nextCursor)
 * and an optional page size up to `maxLimit`, with messages that name the field.
 */
export function pageInput(maxLimit: number) {
  return {
    cursor: z.string().max(MAX_CURSOR_LENGTH, "cursor: not a cursor of this list").nullish(),
    limit: z
      .number()
      .int("limit: a whole number")
      .min(1, "limit: at least 1")
      .max(maxLimit, `limit: at most ${maxLimit}`)
      .optional(),
  };
}

/** A searchable list's input: a free-text `search` of at most 200 characters, then paging. */
export function searchPageInput(maxLimit: number) {
  return z.object({
    search: z
      .string()
      .max(200, "search: at most 200 characters")
      .refine(isStorableText, UNSTORABLE_TEXT)
      .optional(),
    ...pageInput(maxLimit),
  });
}
