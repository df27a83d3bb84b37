import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveFingerprint, normalizeMessage } from "./fingerprint";

const word = fc.stringMatching(/^[a-z]{1,10}$/);
const number = fc.oneof(
  fc.nat().map(String),
  fc.double({ min: 0, max: 1e9, noNaN: true }).map((d) => d.toFixed(3)),
);
type Part = { w: string } | { hole: "number" | "uuid" };

/** A message template: fixed words with holes for numbers or UUIDs. */
const template = fc.array(
  fc.oneof(
    word.map((w): Part => ({ w })),
    fc.constantFrom<Part>({ hole: "number" }, { hole: "uuid" }),
  ),
  { minLength: 1, maxLength: 12 },
);

/** Two fillings of one template: every hole gets a (usually different) value of its kind. */
const twoFillings = template.chain((parts) =>
  fc.tuple(fc.constant(parts), fillingOf(parts), fillingOf(parts)),
);

function fillingOf(parts: Part[]) {
  return fc.tuple(
    ...parts.map((p) => ("w" in p ? fc.constant(p.w) : p.hole === "uuid" ? fc.uuid() : number)),
  );
}

describe("deriveFingerprint", () => {
  it("groups messages that differ only in numbers and UUIDs", () => {
    fc.assert(
      fc.property(twoFillings, ([, a, b]) => {
        expect(deriveFingerprint("api", "TimeoutError", a.join(" "))).toBe(
          deriveFingerprint("api", "TimeoutError", b.join(" ")),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("separates different error types and services for the same message", () => {
    fc.assert(
      fc.property(word, word, word, fc.string(), (t1, t2, service, message) => {
        fc.pre(t1 !== t2);
        expect(deriveFingerprint(service, t1, message)).not.toBe(
          deriveFingerprint(service, t2, message),
        );
        expect(deriveFingerprint(`${service}x`, t1, message)).not.toBe(
          deriveFingerprint(service, t1, message),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("separates messages whose words differ", () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        fc.pre(a !== b);
        expect(deriveFingerprint("api", "Error", `cannot open ${a}`)).not.toBe(
          deriveFingerprint("api", "Error", `cannot open ${b}`),
        );
      }),
      { numRuns: 50 },
    );
  });

  it("is a stable 32-hex-digit string", () => {
    const f = deriveFingerprint("checkout", "PaymentError", "Card 4242 declined");
    expect(f).toMatch(/^[0-9a-f]{32}$/);
    expect(deriveFingerprint("checkout", "PaymentError", "Card 1111 declined")).toBe(f);
  });
});

describe("normalizeMessage", () => {
  it.each([
    ["Order 1234 not found", "Order <n> not found"],
    ["User 3f1c2a9e-4b7d-4c1e-9a2b-0c3d4e5f6a7b has no plan", "User <uuid> has no plan"],
    ["Mail to jane.doe@example.com bounced", "Mail to <email> bounced"],
    [`Table "orders" is locked`, "Table <str> is locked"],
    ["can't reach 'db-primary'", "can't reach <str>"],
    ["pointer 0x7ffee4b2 at sha deadbeef1234", "pointer <id> at sha <id>"],
    ["customer cus_8f3k2 over quota by 2.5 GB", "customer <id> over quota by <n> GB"],
    ["  spaced\n\tout  ", "spaced out"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeMessage(input)).toBe(expected);
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (m) => {
        const once = normalizeMessage(m);
        expect(normalizeMessage(once)).toBe(once);
      }),
      { numRuns: 100 },
    );
  });

  it("stays fast on hostile input", () => {
    const hostile = `${"a".repeat(5000)}${'"'.repeat(3000)}${"1a".repeat(2000)}`;
    const start = performance.now();
    normalizeMessage(hostile);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
