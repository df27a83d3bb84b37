import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * Unit tests (`*.test.ts`) run once. Integration tests (`*.int.test.ts`) run against
 * in-memory PGlite, and a second time against real PostgreSQL when TEST_DATABASE_URL is set.
 */
const alias = { "@": path.resolve(import.meta.dirname) };
const exclude = [
  "node_modules/**",
  "e2e/**",
  "extension/.output/**",
  "extension/.wxt/**",
  ".next/**",
];

const projects: TestProjectInlineConfiguration[] = [
  {
    resolve: { alias },
    test: { name: "unit", include: ["**/*.test.ts"], exclude: [...exclude, "**/*.int.test.ts"] },
  },
  {
    resolve: { alias },
    test: {
      name: "pglite",
      include: ["**/*.int.test.ts"],
      exclude,
      env: { TEST_DB_DRIVER: "pglite" },
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
];

if (process.env.TEST_DATABASE_URL) {
  projects.push({
    resolve: { alias },
    test: {
      name: "postgres",
      include: ["**/*.int.test.ts"],
      exclude,
      env: { TEST_DB_DRIVER: "postgres" },
      globalSetup: ["./server/testing/global-setup.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  });
}

export default defineConfig({
  test: { projects, pool: "forks", maxWorkers: 2 },
});
