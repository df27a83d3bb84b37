import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const at = (h: number, m: number) => Date.UTC(2026, 11, 5, h, m);

describe("timeTicks", () => {
  it("puts a handful of round minutes on a day of per-minute points", () => {
    const ticks = timeTicks(at(0, 7), at(23, 59));
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks[0]).toBe(at(6, 0));
    expect(ticks.every((t) => t % (6 * 3_600_000) === 0)).toBe(true);
  });

  it("steps by minutes on a short window, within it", () => {
    expect(timeTicks(at(14, 3), at(14, 31))).toEqual([
      at(14, 5),
      at(14, 10),
      at(14, 15),
      at(14, 20),
      at(14, 25),
      at(14, 30),
    ]);
  });

  it("copes with one point, none, and many days", () => {
    expect(timeTicks(at(9, 0), at(9, 0))).toEqual([at(9, 0)]);
    expect(timeTicks(NaN, 1)).toEqual([]);
    expect(timeTicks(at(0, 0), at(0, 0) + 30 * 86_400_000).length).toBeLessThanOrEqual(6);
  });
});
