import { describe, expect, it } from "vitest";
import { eventSchema } from "./schema";

const messages = (body: unknown) => {
  const r = eventSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("event validation messages", () => {
  it("says Required for every missing field, at any depth", () => {
    expect(messages({})).toEqual([
      "id: Required",
      "timestamp: Required",
      "service: Required",
      "error: Required",
      "customer: Required",
    ]);
    expect(
      messages({
        id: "e1",
        timestamp: "2026-01-01T00:00:00Z",
        service: "s",
        error: {},
        customer: {},
      }),
    ).toEqual(["error.type: Required", "error.message: Required", "customer.id: Required"]);
  });

  it("says what was expected for a field of the wrong kind", () => {
    expect(
      messages({ id: 5, timestamp: "yesterday", service: "s", error: "boom", customer: "c1" }),
    ).toEqual([
      "id: Expected a string",
      "timestamp: Expected an ISO 8601 timestamp with a time zone",
      "error: Expected an object with type and message",
      "customer: Expected an object with the customer's id",
    ]);
  });
});
