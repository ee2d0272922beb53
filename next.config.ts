import type { NextConfig } from "next";
import { NON_PAGE_CONTENT_SECURITY_POLICY, staticSecurityHeaders } from "./server/lib/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WASM and must be loaded by Node, not bundled; nodemailer speaks SMTP over Node sockets.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "ws", "nodemailer"],
  typedRoutes: false,
  // Benchmark-only routes (`route.bench.ts`) exist only in the benchmark's own build (bench/lib/next-app.ts
  // sets CLEARBOOK_BENCH_BUILD=1 while building), never in a production build.
  pageExtensions: process.env.CLEARBOOK_BENCH_BUILD === "1" ? ["tsx", "ts", "bench.ts"] : ["tsx", "ts"],
  poweredByHeader: false,
  // The creditor REST API lives at /v1 (route handlers under app/api/v1).
  async rewrites() {
    return [{ source: "/v1/:path*", destination: "/api/v1/:path*" }];
  },
  // Security headers (README "Security"): these on every response; pages get their nonce CSP in proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: staticSecurityHeaders({ production: process.env.NODE_ENV === "production" }) },
      ...["/api/:path*", "/v1/:path*"].map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CONTENT_SECURITY_POLICY }],
      })),
    ];
  },
};

export default nextConfig;
