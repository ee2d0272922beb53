import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { chooseDriver } from "./client";
import { useTestDb } from "./testing/test-db";
import { testDriver } from "./testing/config";

describe("chooseDriver", () => {
  it.each([
    [{}, "pglite"],
    [{ url: "postgres://postgres@127.0.0.1:5432/app" }, "postgres"],
    [{ url: "postgres://u:p@ep-cool-darkness-123.us-east-2.aws.neon.tech/db" }, "neon"],
    [{ url: "postgres://postgres@127.0.0.1:5432/app", driver: "neon" as const }, "neon"],
  ])("%j → %s", (opts, expected) => {
    expect(chooseDriver(opts)).toBe(expected);
  });
});

describe("test database", () => {
  const t = useTestDb();
  it(`is migrated and answers on the ${testDriver()} driver`, async () => {
    const rows = await t.db.execute(sql`select count(*)::int as n from creditors`);
    const first = (rows as unknown as { rows: Array<{ n: number }> }).rows[0];
    expect(first?.n).toBe(0);
    expect(t.handle.driver).toBe(testDriver());
  });
  it("runs interactive transactions and rolls back on error", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.execute(sql`insert into audit_events (actor_type, actor_id, action) values ('system','t','probe')`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await t.db.execute(sql`select count(*)::int as n from audit_events`);
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(0);
  });
});
