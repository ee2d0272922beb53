import type { DriverName } from "../client";

export const TEMPLATE_DB = "clearbook_test_template";

/** Tests run on PGlite unless DATABASE_URL is set; CLEARBOOK_TEST_DRIVER=neon routes PostgreSQL through the Neon driver. */
export function testDriver(): DriverName {
  const explicit = process.env.CLEARBOOK_TEST_DRIVER as DriverName | undefined;
  if (explicit) return explicit;
  return process.env.DATABASE_URL ? "postgres" : "pglite";
}

/** The server-level URL tests create their databases on. */
export function adminUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}
