/**
 * Calling the app's own route modules (app/**\/route.ts) from a test, as Next.js would:
 *
 * - `setAppDb(open)`: route modules take their database from `getDb()` (db/client.ts), which
 *   opens it once per process and keeps it on `globalThis.__blastradiusDb` so that hot reload
 *   does not open a second one; `getAuth()` builds better-auth on it the same way. A test puts
 *   its own database in that slot before the first call — nothing in production code knows
 *   about tests.
 * - `discoverRoutes(dir)`: every route file under a folder, imported, with its URL template
 *   (`/api/v1/incidents/[id]`), its dynamic segments and the HTTP methods it exports.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { getDb, type OpenDb } from "@/db/client";
import { getAuth, type Auth } from "@/server/auth";
import type { TestEnv } from "./fixtures";
import { createTestDb } from "./db";

const slots = globalThis as unknown as {
  __blastradiusDb?: Promise<OpenDb>;
  __blastradiusAuth?: Promise<Auth>;
};

/** Makes `open` the app's database (and better-auth's); the returned function undoes it. */
export async function setAppDb(open: OpenDb): Promise<() => void> {
  const before = { db: slots.__blastradiusDb, auth: slots.__blastradiusAuth };
  slots.__blastradiusDb = Promise.resolve(open);
  slots.__blastradiusAuth = undefined;
  if ((await getDb()) !== open.db) {
    throw new Error(
      "getDb() did not answer the database put on globalThis.__blastradiusDb: " +
        "db/client.ts keeps it elsewhere now; update server/testing/app-routes.ts",
    );
  }
  return () => {
    slots.__blastradiusDb = before.db;
    slots.__blastradiusAuth = before.auth;
  };
}

/** A fresh test database that the app's route modules use too, with the app's better-auth. */
export async function createAppTestEnv(): Promise<TestEnv> {
  const open = await createTestDb();
  const restore = await setAppDb(open);
  const auth = await getAuth();
  return {
    db: open.db,
    auth,
    open,
    async close() {
      restore();
      await open.close();
    },
  };
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RouteHandler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export interface DiscoveredRoute {
  /** The route file, relative to the repository. */
  file: string;
  /** The URL with its dynamic segments as written: `/api/v1/incidents/[id]/customers`. */
  template: string;
  /** Dynamic segments in order; a catch-all takes several path segments. */
  params: { name: string; catchAll: boolean }[];
  handlers: Partial<Record<HttpMethod, RouteHandler>>;
}

/** Every `route.ts` under `dir` (relative to the repository), imported. */
export async function discoverRoutes(dir: string): Promise<DiscoveredRoute[]> {
  const root = path.resolve(process.cwd(), dir);
  const appRoot = path.resolve(process.cwd(), "app");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|[\\/])route\.(ts|tsx|js|mjs)$/.test(f))
    .sort();
  return Promise.all(
    files.map(async (f) => {
      const absolute = path.join(root, f);
      const segments = path
        .relative(appRoot, path.dirname(absolute))
        .split(path.sep)
        .filter((s) => s && !/^\(.*\)$/.test(s)); // route groups are not in the URL
      const params = segments.flatMap((s) => {
        const m = /^\[{1,2}(\.\.\.)?([^\]]+)\]{1,2}$/.exec(s);
        return m ? [{ name: m[2], catchAll: Boolean(m[1]) }] : [];
      });
      const mod = (await import(absolute)) as Record<string, unknown>;
      const handlers = Object.fromEntries(
        HTTP_METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m]]),
      ) as DiscoveredRoute["handlers"];
      return {
        file: path.relative(process.cwd(), absolute),
        template: `/${segments.join("/")}`,
        params,
        handlers,
      };
    }),
  );
}

/** The text with each lone surrogate replaced by U+FFFD, as it arrives after URL decoding. */
export const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/** The URL path of a route with these parameter values, percent-encoded as a client would. */
export function routePath(route: DiscoveredRoute, values: Record<string, string | string[]>) {
  const encode = (s: string) => encodeURIComponent(wellFormed(s));
  return route.template.replace(/\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}/g, (_, name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v.map(encode).join("/") : encode(v ?? "");
  });
}
