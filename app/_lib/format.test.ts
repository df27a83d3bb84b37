import { describe, expect, it } from "vitest";
import { formatAttributeValue, formatClock, formatMultiple, formatPercent, plural } from "./format";

describe("formatPercent", () => {
  it("shows shares to one decimal", () => {
    expect(formatPercent(0.8333)).toBe("83.3%");
    expect(formatPercent(0.5)).toBe("50%");
    expect(formatPercent(0.001)).toBe("0.1%");
  });

  it("keeps exactly none and exactly all", () => {
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1)).toBe("100%");
  });

  it("never shows a small rate as none, or an almost-total one as all", () => {
    // 1 affected of 3,000 elsewhere: next to a "299×" it must not read "0%".
    expect(formatPercent(1 / 3000)).toBe("< 0.1%");
    expect(formatPercent(0.00049)).toBe("< 0.1%");
    expect(formatPercent(2999 / 3000)).toBe("> 99.9%");
  });

  it("has a dash for a rate that cannot be computed", () => {
    expect(formatPercent(Number.NaN)).toBe("—");
  });
});

describe("formatMultiple", () => {
  it("shows one decimal below 10 and whole numbers above", () => {
    expect(formatMultiple(1.84)).toBe("1.8×");
    expect(formatMultiple(4.2)).toBe("4.2×");
    expect(formatMultiple(9.96)).toBe("10×");
    expect(formatMultiple(37.4)).toBe("37×");
    expect(formatMultiple(299.2)).toBe("299×");
  });

  it("caps huge and unbounded multiples with a plain sign", () => {
    expect(formatMultiple(999.4)).toBe("999×");
    expect(formatMultiple(1000)).toBe("> 1,000×");
    expect(formatMultiple(48_213)).toBe("> 1,000×");
    expect(formatMultiple(Number.POSITIVE_INFINITY)).toBe("> 1,000×");
    for (const r of [4.2, 37, 5000, Number.POSITIVE_INFINITY]) {
      expect(formatMultiple(r)).not.toContain("≫");
    }
  });
});

describe("formatAttributeValue", () => {
  it("shows values as written: years and ids get no thousands separator", () => {
    expect(formatAttributeValue(2019)).toBe("2019");
    expect(formatAttributeValue(123456)).toBe("123456");
    expect(formatAttributeValue(1.5)).toBe("1.5");
    expect(formatAttributeValue("5.2.0")).toBe("5.2.0");
    expect(formatAttributeValue(true)).toBe("true");
  });
});

describe("plural", () => {
  it("says one customer and 1,204 customers", () => {
    expect(plural(1, "customer")).toBe("1 customer");
    expect(plural(0, "event")).toBe("0 events");
    expect(plural(1204, "customer")).toBe("1,204 customers");
    expect(plural(4, "more value")).toBe("4 more values");
  });
});

describe("formatClock", () => {
  it("says the second a figure was read today, and the day before that", () => {
    const now = new Date(2026, 11, 5, 18, 30, 0);
    expect(formatClock(new Date(2026, 11, 5, 14, 5, 12), now)).toBe("14:05:12");
    expect(formatClock(new Date(2026, 11, 3, 9, 7, 59), now)).toBe("3 Dec, 09:07");
  });
});
