/**
 * `npm run bench:segments` — accuracy and speed of the segment engine (issue #3, item 6):
 *
 *   synthetic  seeded workspaces with planted faulty segments (bench/segments/synthetic.ts);
 *              precision, recall and F1 of the returned segment sets, exact match
 *   rs         the 135 labelled cases of ../shared/datasets/rs (bench/segments/rs.ts), scored
 *              as the published comparisons are, next to the published figures
 *   timing     time per explanation at 10k, 200k and 1M rows × 15 attributes
 *
 *   npm run bench:segments
 *   npm run bench:segments -- --only rs --rs ../shared/datasets/rs
 *   npm run bench:segments -- --only synthetic --cases 100 --seed 7 --details /tmp/misses.md
 *
 * The engine runs with its defaults: one set of parameters for every dataset. The report ends
 * with the targets, met or missed; the exit code is 0 either way (1 only on bad input).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { explain } from "@/server/correlate";
import { writeDetails } from "./segments/details";
import {
  rsSection,
  syntheticSection,
  targetsSection,
  timingSection,
  type Target,
} from "./segments/report";
import { defaultRsPath, loadAnomalies, loadRsCase, publishedResults } from "./segments/rs";
import { runCase, type CaseResult } from "./segments/run";
import { suiteCase } from "./segments/synthetic";
import { runTiming } from "./segments/timing";

const PARTS = ["synthetic", "rs", "timing"] as const;
type Part = (typeof PARTS)[number];

function options() {
  const { values } = parseArgs({
    options: {
      rs: { type: "string" },
      only: { type: "string" },
      cases: { type: "string", default: "50" },
      seed: { type: "string", default: "1" },
      details: { type: "string" },
    },
  });
  const only = (values.only?.split(",") ?? PARTS) as Part[];
  const bad = only.filter((p) => !PARTS.includes(p));
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  if (bad.length > 0)
    throw new Error(`--only takes ${PARTS.join("|")} (comma-separated), not ${bad.join(",")}`);
  if (!Number.isInteger(cases) || cases < 1)
    throw new Error(`--cases takes a positive whole number, not ${values.cases}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed takes a whole number ≥ 0, not ${values.seed}`);
  return {
    only: new Set(only),
    cases,
    seed,
    rs: values.rs ? path.resolve(values.rs) : defaultRsPath(),
    rsGiven: Boolean(values.rs),
    details: values.details,
  };
}

const progress = (line: string) => process.stderr.write(`  ${line}\n`);
const n = (x: number) => x.toLocaleString("en-US");

function engineVersion(): string {
  try {
    const log = execFileSync("git", ["log", "-1", "--format=%h %cs %s", "--", "server/correlate"], {
      encoding: "utf8",
    }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "server/correlate"], {
      encoding: "utf8",
    }).trim();
    const short = log.length > 90 ? `${log.slice(0, 89)}…` : log;
    return `${short || "not committed yet"}${dirty ? " (plus uncommitted changes)" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function runSynthetic(cases: number, seed: number): CaseResult[] {
  const results: CaseResult[] = [];
  for (let i = 0; i < cases; i++) {
    const c = suiteCase(seed, i);
    const about = `${n(c.customers)} customers, ${c.attributes.length} attributes, base failure rate ${(100 * c.baseRate).toFixed(2)}%`;
    const r = runCase(
      explain,
      c.name,
      about,
      c.rows,
      c.planted.map((p) => p.predicates),
    );
    results.push(r);
    progress(
      `${c.name}  ${n(c.customers).padStart(9)} customers  planted ${c.planted.length}  TP ${r.score.tp} FP ${r.score.fp} FN ${r.score.fn}  ${r.seconds.toFixed(3)} s`,
    );
  }
  return results;
}

function runRs(dir: string): CaseResult[] {
  return loadAnomalies(dir).map((anomaly) => {
    const c = loadRsCase(dir, anomaly);
    const about = `${n(c.rows.length)} leaves at minute ${c.timestamp}, attributes ${c.attributes.join(", ")}`;
    const r = runCase(explain, c.data, about, c.rows, c.causes);
    progress(
      `${c.data.padEnd(30)} TP ${r.score.tp} FP ${r.score.fp} FN ${r.score.fn}  ${r.seconds.toFixed(3)} s`,
    );
    return r;
  });
}

function main() {
  const opts = options();
  const engine = engineVersion();
  const lines = [`Segment engine benchmark — engine ${engine}`, ""];
  const targets: Target[] = [];
  const details: { title: string; results: CaseResult[] }[] = [];

  if (opts.only.has("synthetic")) {
    progress(`synthetic: ${opts.cases} cases of seed ${opts.seed}`);
    const results = runSynthetic(opts.cases, opts.seed);
    const section = syntheticSection(results, opts.seed);
    lines.push(...section.lines, "");
    targets.push(section.target);
    details.push({ title: `Synthetic (seed ${opts.seed}, ${opts.cases} cases)`, results });
  }
  if (opts.only.has("rs") && !opts.rsGiven && !existsSync(path.join(opts.rs, "anomaly.yaml"))) {
    lines.push(
      `RS: skipped, no dataset at ${opts.rs} (clone next to ../shared, or pass --rs <path>)`,
      "",
    );
  } else if (opts.only.has("rs")) {
    progress(`rs: ${opts.rs}`);
    const results = runRs(opts.rs);
    const section = rsSection(
      results,
      path.relative(process.cwd(), opts.rs) || opts.rs,
      publishedResults(opts.rs),
    );
    lines.push(...section.lines, "");
    targets.push(section.target);
    details.push({ title: "RS", results });
  }
  if (opts.only.has("timing")) {
    progress("timing: 10k, 200k and 1M rows × 15 attributes");
    const section = timingSection(runTiming(explain, opts.seed, progress));
    lines.push(...section.lines, "");
    targets.push(...section.targets);
  }
  lines.push(...targetsSection(targets));
  console.log(lines.join("\n"));

  if (opts.details) {
    const header = [
      "# Segment engine benchmark: the cases with a miss",
      "",
      `Written by \`npm run bench:segments -- ${process.argv.slice(2).join(" ")}\` on ${new Date().toISOString()}; engine ${engine}.`,
      "",
      "```",
      ...lines,
      "```",
    ];
    writeDetails(opts.details, header, details);
    progress(`details written to ${opts.details}`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
