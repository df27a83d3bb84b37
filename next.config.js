// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // and postgres-js opens sockets: keep both out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  // Separate build folders let the e2e suite and benchmarks build beside a running dev server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
};

export default nextConfig;
