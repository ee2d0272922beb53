import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const cores = os.availableParallelism();

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    globalSetup: ["db/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Each file has its own database, so files run in parallel safely. Vitest's default (cores − 1)
    // runs one file at a time on a 2-core machine: on the embedded database every core is busy
    // with its own file; on PostgreSQL a file spends much of its time waiting on the server, so one
    // more file runs than there are cores.
    fileParallelism: true,
    maxWorkers: process.env.DATABASE_URL ? cores + 1 : Math.max(cores, 2),
  },
});
