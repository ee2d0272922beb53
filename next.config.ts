import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and must be loaded by Node, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "ws"],
  typedRoutes: false,
  poweredByHeader: false,
};

export default nextConfig;
