/**
 * Runs before `npm test` (npm's `pretest`): the end-to-end tests drive Debian's Chromium, which
 * Playwright cannot download here. When it is missing, install it where we can (root with
 * apt-get) and otherwise stop at once, before anything is built, with the one command to run.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { pathToFileURL } from "node:url";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export type ChromiumPlan =
  { kind: "ready" } | { kind: "install"; commands: string[][] } | { kind: "stop"; message: string };

/** What to do, from what this machine has. Pure, so the choice is tested without a machine. */
export function chromiumPlan(machine: {
  path: string;
  custom: boolean;
  found: boolean;
  root: boolean;
  apt: boolean;
}): ChromiumPlan {
  if (machine.found) return { kind: "ready" };
  if (machine.custom) {
    return {
      kind: "stop",
      message: `CHROMIUM_PATH is ${machine.path}, which is not an executable file. Point it at a Chromium, or unset it to use Debian's ${DEFAULT_CHROMIUM}.`,
    };
  }
  if (machine.root && machine.apt) {
    return {
      kind: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium"],
      ],
    };
  }
  const command = machine.apt
    ? "sudo apt-get install -y chromium"
    : "install Chromium and set CHROMIUM_PATH to its binary";
  return {
    kind: "stop",
    message: `The end-to-end tests need Chromium at ${DEFAULT_CHROMIUM}, which is missing. Run:\n\n  ${command}\n\nthen npm test again.`,
  };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function main(): number {
  const custom = Boolean(process.env.CHROMIUM_PATH);
  const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  const plan = chromiumPlan({
    path,
    custom,
    found: executable(path),
    root: process.getuid?.() === 0,
    apt: spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0,
  });
  if (plan.kind === "ready") return 0;
  if (plan.kind === "stop") {
    console.error(plan.message);
    return 1;
  }
  console.log("Chromium is missing; installing Debian's chromium for the end-to-end tests…");
  for (const [cmd, ...args] of plan.commands) {
    const run = spawnSync(cmd, args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (run.status !== 0) {
      console.error(
        `\`${[cmd, ...args].join(" ")}\` failed; install chromium by hand and run npm test again.`,
      );
      return 1;
    }
  }
  if (!executable(path)) {
    console.error(`apt-get installed chromium, but ${path} is still missing.`);
    return 1;
  }
  return 0;
}

// Run as a script, not when a test imports the plan.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
