/**
 * Where the browser's main thread spends one page load: Chromium's sampling profiler (through
 * the DevTools protocol) from the navigation until every part shows, self time summed per
 * script. A script is named by what its source contains (the charting library, React DOM, the
 * tRPC client), read from the build folder, since production chunks have hashed names.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { DONE } from "./probe";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ScriptTime {
  script: string;
  selfMs: number;
}

const MARKERS: [RegExp, string][] = [
  [/recharts/, "recharts"],
  [/react-dom|__reactFiber|scheduler/, "React DOM"],
  [/superjson|httpBatchLink|TRPCClientError/, "tRPC + superjson"],
  [/Affected segments/, "the incident page"],
];

function describe(url: string, distDir: string): string {
  if (!url.startsWith("http")) return url;
  const u = new URL(url);
  if (!u.pathname.startsWith("/_next/static/")) return u.pathname;
  const file = path.join(distDir, u.pathname.slice("/_next/".length));
  if (!existsSync(file)) return u.pathname;
  const source = readFileSync(file, "utf8");
  const found = MARKERS.filter(([re]) => re.test(source)).map(([, name]) => name);
  return `${path.basename(file)} (${(statSync(file).size / 1024).toFixed(0)} KiB${found.length ? `: ${found.join(", ")}` : ""})`;
}

/** Loads `url` under the profiler; answers self time per script, largest first. */
export async function profileLoad(
  context: BrowserContext,
  url: string,
  distDir: string,
  /** A file to keep the profile in (DevTools opens it: Performance, "Load profile"). */
  saveTo?: string,
): Promise<ScriptTime[]> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(DONE, null, { timeout: 60_000, polling: 50 });
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: Profile };
    if (saveTo) writeFileSync(saveTo, JSON.stringify(profile));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)!.callFrame;
      const key = frame.url || frame.functionName || "(anonymous)";
      self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
    });
    self.delete("(idle)");
    self.delete("(root)");
    return [...self]
      .map(([key, ms]) => ({ script: describe(key, distDir), selfMs: ms }))
      .sort((a, b) => b.selfMs - a.selfMs);
  } finally {
    await page.close();
  }
}
