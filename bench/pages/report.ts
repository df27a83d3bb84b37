/**
 * What `npm run bench:pages` prints about one page: a table of its loads (when each part
 * showed, per kind of load), and where the time of its median loads went.
 */
import { percentile } from "../runs";
import { PARTS, allShown, criticalPath, type Load } from "./probe";
import type { ScriptTime } from "./profile";
import { serverTimes } from "./server-time";

/**
 * - first after start: the first load after the app started, nothing cached anywhere;
 * - fresh browser: a new browser context (empty cache) against the warm app;
 * - warm: loads repeated in one context.
 */
export type Kind = "first after start" | "fresh browser" | "warm";
const KINDS: Kind[] = ["first after start", "fresh browser", "warm"];

export interface Target {
  name: string;
  url: string;
  loads: Record<Kind, Load[]>;
  /** Main-thread self time per script of one more warm load, under the profiler. */
  profile?: ScriptTime[];
}

const ms = (x: number) => x.toFixed(0).padStart(5);
export function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), min: s[0], max: s[s.length - 1] };
}

/** The table of one page's loads: when each part showed, p50 / p95 per kind of load. */
export function report(t: Target) {
  console.log(`\n## ${t.name} — ${t.url}\n`);
  console.log(
    `| load | n | ${PARTS.join(" | ")} | all shown p50 / p95 (min – max) |\n|---|--:|${PARTS.map(() => "--:|").join("")}---|`,
  );
  for (const kind of KINDS) {
    const loads = t.loads[kind];
    if (!loads.length) continue;
    const cells = PARTS.map((p) => {
      const s = stats(loads.map((l) => l.marks[p]));
      return `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)}`;
    });
    const all = stats(loads.map(allShown));
    console.log(
      `| ${kind} | ${loads.length} | ${cells.join(" | ")} | **${all.p50.toFixed(0)} / ${all.p95.toFixed(0)}** (${all.min.toFixed(0)} – ${all.max.toFixed(0)}) |`,
    );
  }
  console.log("(ms from the start of the navigation; each cell p50 / p95)");
}

/** The load whose "all shown" time is the median of `loads`. */
function medianLoad(loads: Load[]): Load {
  const sorted = [...loads].sort((a, b) => allShown(a) - allShown(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function printSteps(title: string, l: Load) {
  console.log(`\n### ${title} (${allShown(l).toFixed(0)} ms), step by step\n`);
  for (const step of criticalPath(l)) {
    const extra =
      step.wait !== undefined
        ? `   (took ${step.took!.toFixed(0)} ms, first byte after ${step.wait.toFixed(0)} ms; ${((step.transfer ?? 0) / 1024).toFixed(1)} KiB)`
        : "";
    console.log(`${ms(step.at)} ms  ${step.what}${extra}`);
  }
}

/**
 * Where the time of the median first load after start and of the median warm load went, the
 * main thread's time per script, and the server time of each tRPC call the warm load made.
 */
export async function breakdown(t: Target, cookie: string) {
  if (t.loads["first after start"].length) {
    printSteps(
      `${t.name}: the median first load after start`,
      medianLoad(t.loads["first after start"]),
    );
  }
  const median = medianLoad(t.loads.warm);
  printSteps(`${t.name}: the median warm load`, median);
  const bottom = median.segmentsBottom;
  if (bottom !== null) {
    console.log(
      `The segments panel ends ${bottom.toFixed(0)} px down a window ${median.viewportHeight} px high` +
        (bottom > median.viewportHeight ? " (partly below the fold)." : "."),
    );
  }
  if (t.profile) {
    const total = t.profile.reduce((s, p) => s + p.selfMs, 0);
    console.log(
      `\nMain thread of one more warm load under the profiler, until every part shows: ${total.toFixed(0)} ms busy`,
    );
    for (const p of t.profile.slice(0, 8)) console.log(`${ms(p.selfMs)} ms  ${p.script}`);
  }
  console.log(`\nServer time of each tRPC call, asked again on its own (10 runs, p50 / p95 ms):`);
  for (const s of await serverTimes(median, cookie, 10)) {
    console.log(`${s.call.padEnd(64)} ${ms(s.p50)} / ${ms(s.p95)}  ${s.note}`);
  }
}

export function emptyLoads(): Record<Kind, Load[]> {
  return { "first after start": [], "fresh browser": [], warm: [] };
}
