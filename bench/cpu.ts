/**
 * CPU accounting for the ingest benchmark (Linux: /proc). Clients, app server and database
 * share this machine's cores, so events/s alone cannot tell a slow write path from a busy or
 * slow machine; the CPU each side spends per event can, and it bounds what the machine can
 * reach: cores × 1 s ÷ (CPU per event).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

const PROC = "/proc";
const cpuAccounting = existsSync(`${PROC}/self/stat`);
const ticksPerSecond = cpuAccounting
  ? Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100
  : 100;

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** user + system CPU seconds so far */
  cpu: number;
}

function stat(pid: number): ProcStat | null {
  try {
    const line = readFileSync(`${PROC}/${pid}/stat`, "utf8");
    // comm is in parentheses and may hold spaces; the fields after it are space-separated.
    const close = line.lastIndexOf(")");
    const comm = line.slice(line.indexOf("(") + 1, close);
    const f = line.slice(close + 2).split(" ");
    // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { pid, comm, ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / ticksPerSecond };
  } catch {
    return null; // exited meanwhile
  }
}

function all(): ProcStat[] {
  return readdirSync(PROC)
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter((s): s is ProcStat => s !== null);
}

/**
 * Seconds of CPU the hypervisor gave to other guests instead of this one ("steal", the eighth
 * value of /proc/stat's cpu line), summed over the cores: on a shared host this is what makes
 * the same run twice as slow one hour as the next.
 */
function stolen(): number {
  const cpu = readFileSync(`${PROC}/stat`, "utf8").split("\n")[0].trim().split(/\s+/);
  return Number(cpu[8] ?? 0) / ticksPerSecond;
}

/** CPU seconds per side: a process tree (the app server and its children), and PostgreSQL. */
interface CpuSnapshot {
  server: Map<number, number>;
  postgres: Map<number, number>;
  self: NodeJS.CpuUsage;
  steal: number;
}

function snapshot(serverPid: number | undefined): CpuSnapshot {
  const procs = all();
  const tree = new Set<number>(serverPid ? [serverPid] : []);
  // Parents have smaller pids than their children only usually, so walk until nothing is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return {
    server: new Map(procs.filter((p) => tree.has(p.pid)).map((p) => [p.pid, p.cpu])),
    // Every PostgreSQL process on the machine: backends, WAL writer, checkpointer. Nothing
    // else uses the server while the benchmark runs.
    postgres: new Map(procs.filter((p) => p.comm === "postgres").map((p) => [p.pid, p.cpu])),
    self: process.cpuUsage(),
    steal: stolen(),
  };
}

function spent(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  // A process that started in between counts from zero; one that ended in between is lost
  // (PostgreSQL keeps its pool's backends for the whole run).
  for (const [pid, cpu] of after) s += cpu - (before.get(pid) ?? 0);
  return s;
}

export interface CpuPerEvent {
  serverUs: number;
  postgresUs: number;
  clientsUs: number;
  totalUs: number;
  cores: number;
  /** The share of all cores the three used over the timed part. */
  busy: number;
  /** The share of all cores the host took away meanwhile. */
  stolen: number;
  /** cores × 1 s ÷ total CPU per event: the most this machine could do at this speed. */
  ceiling: number;
}

function perEvent(
  before: CpuSnapshot,
  after: CpuSnapshot,
  events: number,
  seconds: number,
): CpuPerEvent {
  const self = process.cpuUsage(before.self);
  const server = spent(before.server, after.server);
  const postgres = spent(before.postgres, after.postgres);
  const clients = (self.user + self.system) / 1e6;
  const cores = availableParallelism();
  const us = (s: number) => (s * 1e6) / events;
  const totalUs = us(server + postgres + clients);
  return {
    serverUs: us(server),
    postgresUs: us(postgres),
    clientsUs: us(clients),
    totalUs,
    cores,
    busy: (server + postgres + clients) / (cores * seconds),
    stolen: (after.steal - before.steal) / (cores * seconds),
    ceiling: (cores * 1e6) / totalUs,
  };
}

/**
 * Starts counting CPU now, for the app server `serverPid` (none: only PostgreSQL and this
 * process); the function it returns stops and divides by the events accepted meanwhile.
 * Without /proc there is nothing to count, and it answers undefined.
 */
export function startCpu(
  serverPid?: number,
): (events: number, seconds: number) => CpuPerEvent | undefined {
  if (!cpuAccounting) return () => undefined;
  const before = snapshot(serverPid);
  return (events, seconds) => perEvent(before, snapshot(serverPid), events, seconds);
}
