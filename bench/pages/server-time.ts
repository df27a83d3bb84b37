/**
 * The server's share of a page load: each tRPC procedure that the page asked for, asked for
 * again on its own (the same input, the same session) from this process, and the batches as
 * the page sent them. httpBatchLink answers a batch when its slowest procedure is done, so a
 * batch takes as long as its slowest member.
 */
import { percentile } from "../runs";
import { procedures, type Load } from "./probe";

export interface ServerTime {
  call: string;
  p50: number;
  p95: number;
  /** What the answer said where it matters: a segment analysis "ready" or still "computing". */
  note: string;
}

async function time(url: string, cookie: string, runs: number) {
  const ms: number[] = [];
  let body = "";
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    body = await res.text();
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
    if (i > 0) ms.push(performance.now() - t); // the first one only warms
  }
  ms.sort((a, b) => a - b);
  const status = /"status":"(ready|computing)"/.exec(body)?.[1];
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), note: status ?? "" };
}

/** Times the tRPC requests `load` made before its segments showed, and each of their procedures. */
export async function serverTimes(load: Load, cookie: string, runs: number): Promise<ServerTime[]> {
  const batches = load.resources.filter((r) => procedures(r.url) && r.start < load.marks.segments);
  const seen = new Set<string>();
  const out: ServerTime[] = [];
  for (const batch of batches) {
    const procs = procedures(batch.url)!;
    const key = procs.join(",");
    if (seen.has(key)) continue; // a poll of the same batch
    seen.add(key);
    const u = new URL(batch.url);
    const inputs = JSON.parse(u.searchParams.get("input") ?? "{}") as Record<string, unknown>;
    if (procs.length > 1) {
      out.push({ call: `batch ${key}`, ...(await time(batch.url, cookie, runs)) });
    }
    for (const [i, proc] of procs.entries()) {
      const one = new URL(`/api/trpc/${proc}`, u);
      one.searchParams.set("batch", "1");
      one.searchParams.set("input", JSON.stringify({ 0: inputs[i] }));
      out.push({ call: `  ${proc}`, ...(await time(one.toString(), cookie, runs)) });
    }
  }
  return out;
}
