import { defineConfig } from "drizzle-kit";

// Generation is offline (no database needed); migrations are applied by db/migrate.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
