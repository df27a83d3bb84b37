import { describe, expect, it } from "vitest";
import { slugify, workspaceSlugSchema } from "./slug";

describe("workspace slugs", () => {
  it("derives a URL-safe slug from a name", () => {
    expect(slugify("Acme Corp. (EU)")).toBe("acme-corp-eu");
    expect(slugify("  Zürich Café  ")).toBe("zurich-cafe");
    expect(slugify("---")).toBe("");
    expect(slugify("a".repeat(60))).toHaveLength(40);
    expect(slugify(`${"a".repeat(39)} b`)).toBe("a".repeat(39));
  });

  it("accepts only what slugify produces (when long enough)", () => {
    for (const name of ["Acme Corp. (EU)", "Zürich Café", "Team 42"]) {
      expect(workspaceSlugSchema.safeParse(slugify(name)).success).toBe(true);
    }
    for (const bad of ["ab", "Acme", "acme--corp", "-acme", "acme-", "acme corp", "a".repeat(41)]) {
      expect(workspaceSlugSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
