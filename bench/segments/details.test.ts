import { describe, expect, it } from "vitest";
import { classifyExtra, classifyMiss } from "./details";

describe("miss classes of the error analysis", () => {
  const truth = "bitrate=2000&p2p=1";

  it("names how a missed cause relates to what came back", () => {
    expect(classifyMiss(truth, ["bitrate=2000&cdn=5&p2p=1"], "segments")).toBe(
      "returned narrower (an extra predicate)",
    );
    expect(classifyMiss(truth, ["bitrate=2000"], "segments")).toBe(
      "returned broader (a predicate dropped)",
    );
    expect(classifyMiss("app_version=5.2.0", ["app_version∈[5.2.0,5.3.0)"], "segments")).toBe(
      "returned as a range on its attribute",
    );
    expect(classifyMiss(truth, ["bitrate=500&p2p=0"], "segments")).toBe(
      "same attributes, other value",
    );
    expect(classifyMiss(truth, ["cdn=5&p2p=1"], "segments")).toBe(
      "overlapping segment returned (shares a predicate)",
    );
    expect(classifyMiss(truth, ["bitrate=500"], "segments")).toBe(
      "same attribute, other value or combination",
    );
    expect(classifyMiss(truth, ["device=C1"], "segments")).toBe(
      "not found: nothing related returned",
    );
    expect(classifyMiss(truth, [], "no-clear-segment")).toBe("not found: no clear segment");
  });

  it("names how a false positive relates to the true causes", () => {
    expect(classifyExtra("bitrate=2000&cdn=5&p2p=1", [truth], [])).toBe(
      "narrower than a true cause",
    );
    expect(classifyExtra("p2p=1", [truth], [])).toBe("broader than a true cause");
    expect(classifyExtra("cdn=5&p2p=1", [truth], [])).toBe("overlaps a true cause");
    expect(classifyExtra("device=C1", [truth], [truth])).toBe("unrelated, beside a found cause");
    expect(classifyExtra("device=C1", [truth], [])).toBe("unrelated");
    expect(classifyExtra("cdn=5", ["cdn=5"], ["cdn=5"])).toBe("repeat of a found cause");
  });
});
