import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "./index";

describe("API key generation", () => {
  it("makes distinct keys whose stored hash matches and whose prefix is visible", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toEqual(b.key);
    expect(a.key).toMatch(/^br_[0-9A-Za-z]{40}$/);
    expect(a.hash).toEqual(hashApiKey(a.key));
    expect(a.hash).not.toContain(a.key.slice(3));
    expect(a.key.startsWith(a.prefix)).toBe(true);
  });
});
