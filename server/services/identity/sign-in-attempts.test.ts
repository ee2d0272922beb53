import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signInAttempts } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { MAX_FAILURES_PER_EMAIL_IP, THROTTLE_WINDOW_MS, authenticate } from "@/server/auth/sign-in";
import { SIGN_IN_ATTEMPTS_RETENTION_MS, pruneSignInAttempts } from "./sign-in-attempts";

describe("pruning sign-in attempts", () => {
  const t = useTestDb();
  const now = new Date("2026-11-22T03:25:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const emailsLeft = async () =>
    (await t.db.select({ email: signInAttempts.email }).from(signInAttempts)).map((r) => r.email).sort();

  it("keeps far more than the throttle reads", () => {
    expect(SIGN_IN_ATTEMPTS_RETENTION_MS).toBeGreaterThan(THROTTLE_WINDOW_MS * 100);
  });

  it("deletes attempts past the retention, whatever their outcome, and keeps the rest", async () => {
    await t.db.insert(signInAttempts).values([
      {
        email: "old-failure@example.test",
        ip: "203.0.113.1",
        outcome: "failure",
        attemptedAt: ago(SIGN_IN_ATTEMPTS_RETENTION_MS + 1000),
      },
      {
        email: "old-success@example.test",
        ip: "203.0.113.1",
        outcome: "success",
        attemptedAt: ago(90 * 24 * 60 * 60_000),
      },
      {
        email: "old-throttled@example.test",
        ip: "203.0.113.1",
        outcome: "throttled",
        attemptedAt: ago(SIGN_IN_ATTEMPTS_RETENTION_MS + 60_000),
      },
      {
        email: "recent@example.test",
        ip: "203.0.113.1",
        outcome: "failure",
        attemptedAt: ago(SIGN_IN_ATTEMPTS_RETENTION_MS - 60_000),
      },
      { email: "now@example.test", ip: "203.0.113.1", outcome: "failure", attemptedAt: now },
    ]);
    expect(await pruneSignInAttempts(t.db, { now })).toEqual({
      deleted: 3,
      before: ago(SIGN_IN_ATTEMPTS_RETENTION_MS).toISOString(),
    });
    expect(await emailsLeft()).toEqual(["now@example.test", "recent@example.test"]);
    expect(await pruneSignInAttempts(t.db, { now })).toMatchObject({ deleted: 0 });
  });

  it("deletes in batches until none is left", async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      email: `bulk${i}@example.test`,
      ip: "198.51.100.1",
      outcome: "failure" as const,
      attemptedAt: ago(SIGN_IN_ATTEMPTS_RETENTION_MS + 1000 + i),
    }));
    for (let i = 0; i < rows.length; i += 2_000) await t.db.insert(signInAttempts).values(rows.slice(i, i + 2_000));
    expect(await pruneSignInAttempts(t.db, { now })).toMatchObject({ deleted: 12_000 });
    expect((await emailsLeft()).filter((e) => e.startsWith("bulk"))).toEqual([]);
  }, 60_000);

  it("leaves the throttle working: recent failures still count after a prune", async () => {
    const email = "throttled-after-prune@example.test";
    const ip = "192.0.2.77";
    const at = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_IP; i++)
      await authenticate(t.db, { email, password: `wrong guess ${i}`, ip }, at);
    await pruneSignInAttempts(t.db, { now: at });
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.email, email))).toHaveLength(
      MAX_FAILURES_PER_EMAIL_IP,
    );
    expect(await authenticate(t.db, { email, password: "another guess!", ip }, at)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });
});
