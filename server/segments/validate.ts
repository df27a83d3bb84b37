/** Input checked at a service boundary: one `invalid` error naming every bad field, or the parsed value. */
import type { z } from "zod";
import { describeZodError, invalid } from "@/server/errors";

export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  label?: string,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const message = describeZodError(parsed.error);
    throw invalid(label ? `${label}: ${message}` : message, parsed.error.issues);
  }
  return parsed.data;
}
