import type { NextConfig } from "next";
import { NON_PAGE_CONTENT_SECURITY_POLICY, staticSecurityHeaders } from "./server/lib/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WASM and must be loaded by Node, not bundled; nodemailer speaks SMTP over Node sockets;
  // react-pdf (as its docs advise for route handlers) and the font engine read the bundled fonts from disk.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "pg",
    "ws",
    "nodemailer",
    "@react-pdf/renderer",
    "fontkit",
  ],
  typedRoutes: false,
  // `npm run demo` builds without the type check (CI's job: npm run typecheck), to serve sooner.
  typescript: { ignoreBuildErrors: process.env.CLEARBOOK_DEMO_BUILD === "1" },
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
