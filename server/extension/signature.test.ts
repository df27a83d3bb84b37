import { describe, expect, it } from "vitest";
import { noteSignature } from "./signature";

describe("noteSignature", () => {
  it("reads one problem however it is written", () => {
    const same = [
      "Checkout button does nothing",
      "checkout buttons do nothing!",
      "  The CHECKOUT button: nothing… ",
      "Nothing happens? no — checkout button, nothing.",
    ].map(noteSignature);
    expect(same[0]).toBe("button checkout nothing");
    expect(same[1]).toBe("button checkout nothing");
    expect(same[2]).toBe("button checkout nothing");
    // "happens" is a word of its own: a different signature.
    expect(same[3]).toBe("button checkout happen nothing");
  });

  it("keeps different problems apart", () => {
    expect(noteSignature("Invoices are missing")).not.toBe(noteSignature("Invoices are late"));
    expect(noteSignature("Login fails on iOS")).toBe("fail ios login");
    expect(noteSignature("Can't log in")).toBe("log");
  });

  it("handles words in any script, and nothing but filler", () => {
    expect(noteSignature("Zahlung schlägt fehl")).toBe("fehl schlägt zahlung");
    expect(noteSignature("支払い 失敗")).toBe("失敗 支払い");
    expect(noteSignature("it is not the")).toBe("");
    expect(noteSignature("!!!")).toBe("");
  });

  it("stays short for a long note", () => {
    const note = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const s = noteSignature(note);
    expect(s.length).toBeLessThanOrEqual(500);
    expect(s.endsWith(" ")).toBe(false);
    expect(s.split(" ").every((w) => /^word\d+$/.test(w))).toBe(true);
  });
});
