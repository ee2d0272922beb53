/**
 * The layers (README "Architecture"), enforced by `npm run lint` (depcruise):
 *   server/domain (pure rules) ← server/services/<area> (use-cases) ← server/routers, app/api/**, inngest/
 *   server/integrations/<vendor> is transport only: no services, no database.
 *   server/lib is infrastructure: no business code above it.
 * Test doubles and test helpers (server/testing, integrations/<vendor>/double, db/testing) and the
 * benchmarks never reach production code.
 */
const TESTS = "\\.test\\.tsx?$";
// isolation-cases.ts: the tables the isolation suites run (who may call each procedure and route), test-only.
const NOT_PRODUCTION = `${TESTS}|/isolation-cases\\.ts$|^server/testing/|/double/|^db/(testing|seed)/|^bench/|^scripts/|^e2e/|\\.bench\\.ts$|^playwright\\.config\\.ts$|^vitest\\.config\\.mts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "server/domain holds pure rules: no database, services, integrations, framework or UI.",
      severity: "error",
      from: { path: "^server/domain/" },
      to: {
        path: "^(db/|app/|components/|inngest/|server/(services|integrations|lib|routers|trpc|api|jobs|auth|db|env)[/.])|node_modules/(next|react|react-dom|drizzle-orm|pg|@neondatabase|@electric-sql|stripe|inngest)/",
      },
    },
    {
      name: "lib-is-infrastructure",
      comment: "server/lib is infrastructure (batching, retries, cursors, SQL rows): it knows no use-case.",
      severity: "error",
      from: { path: "^server/lib/" },
      to: { path: "^(app/|components/|inngest/|server/(services|integrations|routers|trpc|api|jobs)/)" },
    },
    {
      name: "integrations-are-transport",
      comment:
        "server/integrations/<vendor> verifies, parses and calls the vendor: it imports no service and no database.",
      severity: "error",
      from: { path: "^server/integrations/", pathNot: NOT_PRODUCTION },
      to: { path: "^(db/|app/|components/|inngest/|server/(services|routers|trpc|api|jobs|db)[/.])" },
    },
    {
      name: "services-below-adapters",
      comment: "Use-cases never reach up into routers, route handlers, jobs wiring or UI.",
      severity: "error",
      from: { path: "^server/services/", pathNot: NOT_PRODUCTION },
      to: { path: "^(app/|components/|inngest/|server/(routers|trpc|api|jobs)/)" },
    },
    {
      name: "no-test-code-in-production",
      comment: "Test doubles, test helpers and benchmarks are never imported by production code.",
      severity: "error",
      from: { pathNot: NOT_PRODUCTION },
      to: { path: "^(server/testing/|db/testing/|bench/|e2e/)|/double/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|\\.data|node_modules|test-results|playwright-report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
