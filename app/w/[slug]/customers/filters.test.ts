import { describe, expect, it } from "vitest";
import { filterParam, formatFilterValue, parseFilterParam, parseSort } from "./filters";

describe("customers list URL state", () => {
  it('round-trips filters with their JSON type, so plan = 5 and plan = "5" stay apart', () => {
    for (const f of [
      { key: "plan", value: "pro" },
      { key: "seats", value: 5 },
      { key: "seats", value: "5" },
      { key: "sso", value: true },
      { key: "note", value: 'a:b "quoted"' },
    ]) {
      expect(parseFilterParam(filterParam(f))).toEqual(f);
    }
  });

  it("ignores hand-edited filters it cannot read", () => {
    expect(parseFilterParam("plan")).toBeNull();
    expect(parseFilterParam(':"x"')).toBeNull();
    expect(parseFilterParam("plan:pro")).toBeNull();
    expect(parseFilterParam('plan:{"a":1}')).toBeNull();
  });

  it("reads the sort, falling back to name ascending", () => {
    expect(parseSort("lastSeen.desc")).toEqual({ sort: "lastSeen", dir: "desc" });
    expect(parseSort("bogus.up")).toEqual({ sort: "name", dir: "asc" });
    expect(parseSort(null)).toEqual({ sort: "name", dir: "asc" });
  });

  it("shows strings that look like numbers with quotes", () => {
    expect(formatFilterValue("5")).toBe('"5"');
    expect(formatFilterValue(5)).toBe("5");
    expect(formatFilterValue("eu-west-1")).toBe("eu-west-1");
  });
});
