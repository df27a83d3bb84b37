/**
 * `npm start` for real: scripts/server.ts on the production build (NEXT_DIST_DIR, else .next;
 * skipped with a note when there is none — `npm run build` first), on a free port and a fresh
 * embedded database. Clients forge X-Forwarded-For; better-auth's sign-in limit (10 attempts a
 * minute per address) shows which address the app counted them under.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
const hasBuild = existsSync(path.join(root, distDir, "BUILD_ID"));
if (!hasBuild) console.warn(`scripts/server.test.ts: no build in ${distDir}/, skipped.`);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let app: { child: ChildProcess; dataDir: string } | undefined;
afterEach(async () => {
  if (!app) return;
  const exited = new Promise((resolve) => app!.child.once("exit", resolve));
  app.child.kill("SIGTERM");
  await exited;
  rmSync(app.dataDir, { recursive: true, force: true });
  app = undefined;
});

/** Starts `npm start`'s script and waits until better-auth answers. */
async function start(extraEnv: Record<string, string>): Promise<string> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "blastradius-server-"));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/server.ts", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        NEXT_DIST_DIR: distDir,
        DATA_DIR: dataDir,
        APP_URL: `http://127.0.0.1:${port}`,
        BETTER_AUTH_SECRET: "server-test-secret-0123456789abcdef0123456789",
        RUN_WORKER: "false",
        NEXT_TELEMETRY_DISABLED: "1",
        ...extraEnv,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  app = { child, dataDir };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    const res = await fetch(`${base}/api/auth/ok`).catch(() => null);
    if (res?.ok) return base;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not answer within a minute");
}

/** Eleven failed sign-ins (each for another email), each claiming another address. */
async function elevenForgedSignIns(base: string, forwardedFor: (i: number) => string) {
  const statuses: number[] = [];
  for (let i = 1; i <= 11; i++) {
    const res = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: base,
        "x-forwarded-for": forwardedFor(i),
        "x-real-ip": `198.51.100.${i}`,
      },
      body: JSON.stringify({ email: `nobody-${i}@example.com`, password: "wrong-password" }),
    });
    statuses.push(res.status);
  }
  return statuses;
}

describe.skipIf(!hasBuild)("npm start (scripts/server.ts)", () => {
  it("counts a client at its socket's address whatever X-Forwarded-For says", async () => {
    const base = await start({});
    const statuses = await elevenForgedSignIns(base, (i) => `203.0.113.${i}`);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  }, 120_000);

  it("behind a trusted proxy, counts each client at the hop the proxy appended", async () => {
    const base = await start({ TRUSTED_PROXIES: "127.0.0.1" });
    const statuses = await elevenForgedSignIns(base, (i) => `192.0.2.1, 203.0.113.${i}`);
    expect(statuses).toEqual(Array(11).fill(401));
  }, 120_000);
});
