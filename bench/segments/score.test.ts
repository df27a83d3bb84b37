import { describe, expect, it } from "vitest";
import { addCounts, rates, scoreCase, segmentKey, truthKey } from "./score";

describe("normalisation", () => {
  it("sorts attr=value pairs and joins them with &, whatever order they come in", () => {
    expect(
      truthKey([
        { attribute: "p2p", value: "1" },
        { attribute: "bitrate", value: "2000" },
      ]),
    ).toBe("bitrate=2000&p2p=1");
    expect(
      segmentKey([
        { attribute: "region", value: "eu-west-1" },
        { attribute: "app_version", value: "5.2.0" },
      ]),
    ).toBe("app_version=5.2.0&region=eu-west-1");
  });

  it("gives a missing-value predicate the same form as a planted (missing) value", () => {
    expect(segmentKey([{ attribute: "sdk", value: "(missing)", match: { kind: "missing" } }])).toBe(
      truthKey([{ attribute: "sdk", value: "(missing)" }]),
    );
  });

  it("gives a range a form no equality can take, even one covering a single value", () => {
    const range = segmentKey([
      {
        attribute: "app_version",
        value: "5.2.0 – 5.2.1",
        match: { kind: "range", type: "version", min: "5.2.0", max: "5.2.1" },
      },
    ]);
    expect(range).toBe("app_version∈[5.2.0,5.2.1)");
    expect(range).not.toBe(truthKey([{ attribute: "app_version", value: "5.2.0" }]));
    expect(
      segmentKey([
        { attribute: "seats", value: "≥ 10", match: { kind: "range", type: "number", min: "10" } },
      ]),
    ).toBe("seats∈[10,∞)");
  });
});

describe("exact matching", () => {
  const truth = ["bitrate=2000&p2p=1", "cdn=5"];

  it("counts a segment only when its predicate set equals a true one", () => {
    const predicted = [
      segmentKey([
        { attribute: "p2p", value: "1" },
        { attribute: "bitrate", value: "2000" },
      ]),
      segmentKey([{ attribute: "bitrate", value: "2000" }]),
      segmentKey([
        { attribute: "cdn", value: "5" },
        { attribute: "p2p", value: "0" },
      ]),
    ];
    const s = scoreCase(predicted, truth);
    expect(s).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(s.matched).toEqual(["bitrate=2000&p2p=1"]);
    expect(s.extra).toEqual(["bitrate=2000", "cdn=5&p2p=0"]);
    expect(s.missed).toEqual(["cdn=5"]);
  });

  it("counts a repeated segment once as found and then as a false positive", () => {
    expect(scoreCase(["cdn=5", "cdn=5"], ["cdn=5"])).toMatchObject({ tp: 1, fp: 1, fn: 0 });
  });

  it("counts every true cause as missed when nothing is returned", () => {
    expect(scoreCase([], truth)).toMatchObject({ tp: 0, fp: 0, fn: 2 });
  });

  it("sums TP/FP/FN over the cases before computing the rates", () => {
    const total = addCounts([
      scoreCase(["a=1"], ["a=1"]),
      scoreCase(["b=1", "c=1"], ["b=2"]),
      scoreCase([], ["d=1"]),
    ]);
    expect(total).toEqual({ tp: 1, fp: 2, fn: 2 });
    const r = rates(total);
    expect(r.precision).toBeCloseTo(1 / 3);
    expect(r.recall).toBeCloseTo(1 / 3);
    expect(r.f1).toBeCloseTo(1 / 3);
    expect(rates({ tp: 0, fp: 0, fn: 4 })).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});
