/**
 * Before the specs run: build the support extension (`npm run ext:build` →
 * extension/.output/chrome-mv3), so e2e/extension.spec.ts loads what the sources say now,
 * from a fresh clone too. About 5 s.
 */
import { spawnSync } from "node:child_process";

export default function globalSetup() {
  const started = performance.now();
  const build = spawnSync("npx", ["wxt", "build", "extension"], { encoding: "utf8" });
  if (build.status !== 0) {
    throw new Error(`Building the extension failed:\n${build.stdout}\n${build.stderr}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Built the extension (extension/.output/chrome-mv3) in ${seconds} s`);
}
