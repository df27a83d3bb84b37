import { describe, expect, it } from "vitest";
import { MAX_REDIRECT_LENGTH, sameOriginPath } from "./redirect";

const ORIGIN = "https://app.example";

/** Where a browser on ORIGIN ends up when it follows `location`. */
const landsOn = (location: string) => new URL(location, ORIGIN).origin;

describe("sameOriginPath", () => {
  it.each([
    ["/w/acme/incidents", "/w/acme/incidents"],
    ["/w/acme/incidents?status=resolved#top", "/w/acme/incidents?status=resolved#top"],
    ["/invite/inv_123", "/invite/inv_123"],
    ["https://app.example/w/acme", "/w/acme"],
    ["w/acme", "/w/acme"],
    // Kept on the origin, with what makes them odd percent-encoded:
    ["/%2F%2Fevil.invalid", "/%2F%2Fevil.invalid"],
    ["/%5C%5Cevil.invalid", "/%5C%5Cevil.invalid"],
    ["/w/a b", "/w/a%20b"],
    ["/\u2215\u2215evil.invalid", "/%E2%88%95%E2%88%95evil.invalid"], // ∕∕ division slashes
    ["\uff0f\uff0fevil.invalid", "/%EF%BC%8F%EF%BC%8Fevil.invalid"], // ／／ fullwidth solidus
    ["/w/acme?next=//evil.invalid", "/w/acme?next=//evil.invalid"],
    ["/w/\tacme", "/w/acme"],
  ])("follows %j as %j", (target, expected) => {
    expect(sameOriginPath(target, ORIGIN)).toBe(expected);
  });

  it.each([
    ["tab between the slashes", "/\t/evil.invalid/phish"],
    ["newline between the slashes", "/\n/evil.invalid/phish"],
    ["carriage return between the slashes", "/\r/evil.invalid/phish"],
    ["CR LF between the slashes", "/\r\n/evil.invalid"],
    ["leading space", " //evil.invalid"],
    ["leading NUL", "\u0000//evil.invalid"],
    ["protocol-relative", "//evil.invalid/phish"],
    ["three slashes", "///evil.invalid"],
    ["backslash after slash", "/\\evil.invalid"],
    ["two backslashes", "\\\\evil.invalid"],
    ["tab then backslash", "/\t\\evil.invalid"],
    ["dot segment that leaves //", "/.//evil.invalid"],
    ["dot-dot segment that leaves //", "/a/..//evil.invalid"],
    ["dot segment with backslash", "/./\\evil.invalid"],
    ["absolute URL of another host", "https://evil.invalid/"],
    ["other scheme, no slashes", "http:evil.invalid"],
    ["our host as userinfo", "https://app.example@evil.invalid/"],
    ["our host as a subdomain", "https://app.example.evil.invalid/"],
    ["plain http of our host", "http://app.example/"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["javascript: with a tab", "java\tscript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["fullwidth host", "//ｅｖｉｌ.invalid"],
    ["lookalike of our host", "https://аpp.example/"], // Cyrillic а
    ["our origin then //", "https://app.example//evil.invalid"],
  ])("refuses %s", (_, target) => {
    expect(sameOriginPath(target, ORIGIN)).toBe("/");
  });

  it("never returns something that leaves the origin or carries a control character", () => {
    const odd = [
      "\t",
      "\n",
      "\r",
      "\u0000",
      "\u007f",
      "\u0085",
      "\u2028",
      "\\",
      "/",
      ".",
      "%",
      " ",
    ];
    for (const a of odd)
      for (const b of odd)
        for (const c of odd) {
          const target = `/${a}${b}${c}evil.invalid/x`;
          const path = sameOriginPath(target, ORIGIN);
          expect(landsOn(path), JSON.stringify(target)).toBe(ORIGIN);
          expect(path, JSON.stringify(target)).not.toMatch(/[\u0000-\u0020\u007f-\u009f\\]/);
          expect(path.startsWith("//"), JSON.stringify(target)).toBe(false);
        }
  });

  it("refuses what is not a usable string, and answers with the fallback given", () => {
    for (const target of [undefined, null, "", 42, ["/w/a", "/w/b"], { href: "/w/a" }])
      expect(sameOriginPath(target, ORIGIN)).toBe("/");
    expect(sameOriginPath("//evil.invalid", ORIGIN, "/onboarding")).toBe("/onboarding");
  });

  it("refuses very long targets instead of parsing them", () => {
    const longest = `/${"a".repeat(MAX_REDIRECT_LENGTH - 1)}`;
    expect(sameOriginPath(longest, ORIGIN)).toBe(longest);
    expect(sameOriginPath(`${longest}a`, ORIGIN)).toBe("/");
    expect(sameOriginPath(`/${"\t".repeat(100_000)}/evil.invalid`, ORIGIN)).toBe("/");
  });

  it("compares with the origin it is given, whatever its path", () => {
    expect(sameOriginPath("http://127.0.0.1:3311/w/a", "http://127.0.0.1:3311/")).toBe("/w/a");
    expect(sameOriginPath("http://127.0.0.1:3312/w/a", "http://127.0.0.1:3311")).toBe("/");
    expect(sameOriginPath("/w/a", "https://app.example/base/")).toBe("/w/a");
  });
});
