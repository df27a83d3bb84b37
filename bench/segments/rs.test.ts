import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultRsPath, loadAnomalies, loadRsCase, publishedResults } from "./rs";

const dir = defaultRsPath();
const present = existsSync(path.join(dir, "anomaly.yaml"));
if (!present)
  console.warn(
    `RS loader tests skipped: no dataset at ${dir} (clone next to ../shared to run them)`,
  );

/** The anomaly minute's lines read straight from the file, with the header naming the columns. */
function minuteLines(file: string, timestamp: number) {
  const [header, ...lines] = readFileSync(path.join(dir, file), "utf8").trim().split("\n");
  const columns = header.split(",");
  return lines
    .map((l) => Object.fromEntries(l.split(",").map((v, i) => [columns[i], v])))
    .filter((r) => r.min === String(timestamp));
}

describe.skipIf(!present)("RS loader", () => {
  const anomalies = present ? loadAnomalies(dir) : [];

  it("reads 135 cases whose causes have 1, 2 or 3 attributes as the README counts them (85, 45, 13)", () => {
    expect(anomalies).toHaveLength(135);
    const sizes = anomalies.flatMap((a) => a.causes.map((c) => c.length));
    expect([1, 2, 3].map((k) => sizes.filter((s) => s === k).length)).toEqual([85, 45, 13]);
    expect(anomalies.filter((a) => a.causes.length > 1)).toHaveLength(8);
  });

  it("takes case1's anomaly-minute rows (failing = value, total = cnt) and its cause bitrate=2000 & p2p=1", () => {
    const anomaly = anomalies.find((a) => a.data === "case1_0821_1741394221")!;
    expect(anomaly.timestamp).toBe(1566397800);
    const c = loadRsCase(dir, anomaly);
    expect(c.truth).toEqual(["bitrate=2000&p2p=1"]);
    expect(c.attributes).toEqual(["cdn", "bitrate", "device", "p2p"]);
    const expected = minuteLines("case1_0821_1741394221.csv", 1566397800);
    expect(c.rows).toHaveLength(expected.length);
    expect(c.rows.map((r) => r.attributes)).toEqual(
      expected.map((r) => ({ cdn: r.cdn, bitrate: r.bitrate, device: r.device, p2p: r.p2p })),
    );
    expect(c.rows.map((r) => [r.failing, r.total])).toEqual(
      expected.map((r) => [Number(r.value), Number(r.cnt)]),
    );
    const all =
      readFileSync(path.join(dir, "case1_0821_1741394221.csv"), "utf8").trim().split("\n").length -
      1;
    expect(c.rows.length).toBeLessThan(all);
  });

  it("reads a file whose counts come first and whose isp values are Chinese text", () => {
    const anomaly = anomalies.find((a) => a.data === "2020-08-06+12_07_00")!;
    const c = loadRsCase(dir, anomaly);
    expect(c.attributes).toEqual(["cdn", "bitrate", "p2p", "isp"]);
    const expected = minuteLines("2020-08-06+12_07_00.csv", anomaly.timestamp);
    expect(c.rows.map((r) => r.attributes.isp)).toEqual(expected.map((r) => r.isp));
    expect(c.rows.some((r) => /[\u4e00-\u9fff]/.test(String(r.attributes.isp)))).toBe(true);
    expect(c.rows.reduce((s, r) => s + r.failing, 0)).toBe(
      expected.reduce((s, r) => s + Number(r.value), 0),
    );
  });

  it("keeps every cause of a case with several, as text", () => {
    const c = loadRsCase(
      dir,
      anomalies.find((a) => a.data === "case48_1205_2294432")!,
    );
    expect(c.truth).toEqual(["bitrate=500", "bitrate=2000"]);
    const isp = anomalies.find((a) =>
      a.causes.some((k) => k.some((p) => p.attribute === "isp" && p.value === "联通")),
    );
    expect(isp && loadRsCase(dir, isp).truth).toEqual(["bitrate=2500&cdn=5&isp=联通"]);
  });

  it("finds a case file for every anomaly and the published figures in the README", () => {
    for (const a of anomalies)
      expect(existsSync(path.join(dir, `${a.data}.csv`)), a.data).toBe(true);
    const published = publishedResults(dir);
    expect(published.map((p) => p.algorithm)).toContain("RobustSpot");
    expect(published.find((p) => p.algorithm === "RobustSpot")).toMatchObject({
      f1: 0.405,
      secondsPerCase: 0.28,
    });
  });
});
