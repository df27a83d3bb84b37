import { describe, expect, it } from "vitest";
import { chromiumPlan, DEFAULT_CHROMIUM } from "./check-chromium";

const machine = { path: DEFAULT_CHROMIUM, custom: false, found: false, root: true, apt: true };

describe("npm test's Chromium check", () => {
  it("does nothing when Chromium is there", () => {
    expect(chromiumPlan({ ...machine, found: true })).toEqual({ kind: "ready" });
  });

  it("installs Debian's chromium as root with apt-get", () => {
    const plan = chromiumPlan(machine);
    expect(plan.kind).toBe("install");
    expect(plan.kind === "install" && plan.commands.at(-1)).toEqual([
      "apt-get",
      "install",
      "-y",
      "-qq",
      "chromium",
    ]);
  });

  it("stops with the one command to run when it cannot install", () => {
    const plan = chromiumPlan({ ...machine, root: false });
    expect(plan.kind).toBe("stop");
    expect(plan.kind === "stop" && plan.message).toContain("sudo apt-get install -y chromium");
    const noApt = chromiumPlan({ ...machine, apt: false });
    expect(noApt.kind === "stop" && noApt.message).toContain("CHROMIUM_PATH");
  });

  it("never installs over a CHROMIUM_PATH that points nowhere", () => {
    const plan = chromiumPlan({ ...machine, path: "/opt/none/chrome", custom: true });
    expect(plan.kind === "stop" && plan.message).toContain("/opt/none/chrome");
  });
});
