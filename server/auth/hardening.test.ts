import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAttempts } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { env, resetEnvForTests } from "@/server/env";
import { systemActor } from "@/server/domain/actor";
import { createUser } from "@/server/services/identity/users";
import { makeCreditor } from "@/server/testing/factories";
import { clientAddress, UNKNOWN_CLIENT } from "./client-ip";
import { safeDestination, safeRedirect } from "./destination";
import { deviceCookieOf, issueDeviceToken, verifyDeviceToken, DEVICE_COOKIE_MAX_AGE_S } from "./device-cookie";
import { isCommonPassword, passwordProblems } from "./password";
import { MAX_FAILURES_PER_DEVICE, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_EMAIL_IP, authenticate } from "./sign-in";

const PASSWORD = "correct horse battery staple";
const SECRET = "device-cookie-test-secret";

/** Issue 18, findings 9, 10 and 11 (sign-in side). */
describe("sign-in hardening", () => {
  const t = useTestDb();
  let creditorId = "";
  let n = 0;
  const newUser = async () =>
    createUser(
      t.db,
      { email: `hard${++n}@example.test`, name: `Hard ${n}`, role: "creditor_member", creditorId, password: PASSWORD },
      systemActor("test"),
    );
  const outcomes = async (email: string) => {
    const rows = await t.db
      .select({ outcome: signInAttempts.outcome, n: count() })
      .from(signInAttempts)
      .where(eq(signInAttempts.email, email))
      .groupBy(signInAttempts.outcome);
    return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
  };

  const saved = process.env.TRUSTED_PROXY_HOPS;
  beforeAll(async () => {
    delete process.env.TRUSTED_PROXY_HOPS;
    resetEnvForTests();
    creditorId = (await makeCreditor(t.db)).id;
  });
  afterAll(() => {
    if (saved !== undefined) process.env.TRUSTED_PROXY_HOPS = saved;
    resetEnvForTests();
  });

  it("trusts no X-Forwarded-For unless TRUSTED_PROXY_HOPS is set: 20 forged addresses get 5 checks, not 20", async () => {
    expect(env().TRUSTED_PROXY_HOPS).toBe(0);
    const u = await newUser();
    const results = [];
    for (let i = 0; i < 20; i++) {
      const headers = new Headers({ "x-forwarded-for": `198.51.100.${i}` });
      const ip = clientAddress(headers, env().TRUSTED_PROXY_HOPS);
      expect(ip).toBe(UNKNOWN_CLIENT);
      results.push((await authenticate(t.db, { email: u.email, password: `wrong guess ${i}`, ip })).ok === false);
    }
    expect(await outcomes(u.email)).toEqual({
      failure: MAX_FAILURES_PER_EMAIL_IP,
      throttled: 20 - MAX_FAILURES_PER_EMAIL_IP,
    });
  }, 60_000);

  it("counts parallel guesses atomically: 40 at once on one account check exactly 5 passwords", async () => {
    const u = await newUser();
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        authenticate(t.db, { email: u.email, password: `parallel guess ${i}`, ip: "203.0.113.40" }),
      ),
    );
    expect(all.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(MAX_FAILURES_PER_EMAIL_IP);
    expect(await outcomes(u.email)).toEqual({
      failure: MAX_FAILURES_PER_EMAIL_IP,
      throttled: 40 - MAX_FAILURES_PER_EMAIL_IP,
    });
  }, 120_000);

  it("an account locked by 20 failures elsewhere still lets its owner in from a previously seen device, which has its own limit", async () => {
    const u = await newUser();
    const now = new Date();
    await t.db.insert(signInAttempts).values(
      Array.from({ length: MAX_FAILURES_PER_EMAIL }, (_, i) => ({
        email: u.email,
        ip: `192.0.2.${i}`,
        outcome: "failure" as const,
        attemptedAt: new Date(now.getTime() - 1_000),
      })),
    );
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "192.0.2.200" }, now)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    const device = verifyDeviceToken(SECRET, issueDeviceToken(SECRET, u.email), u.email)!;
    expect(
      await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "192.0.2.200", device }, now),
    ).toMatchObject({
      ok: true,
    });
    const later = new Date(now.getTime() + 1_000);
    for (let i = 0; i < MAX_FAILURES_PER_DEVICE; i++)
      await authenticate(t.db, { email: u.email, password: "stolen cookie guess", ip: "192.0.2.9", device }, later);
    expect(
      await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "192.0.2.9", device }, later),
    ).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    const [throttled] = await t.db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, u.email), eq(signInAttempts.device, device)));
    expect(throttled!.n).toBe(MAX_FAILURES_PER_DEVICE + 2);
  }, 60_000);

  it("device tokens are bound to their email, unforgeable and expire", () => {
    const now = Date.now();
    const token = issueDeviceToken(SECRET, "a@example.test", now);
    expect(verifyDeviceToken(SECRET, token, "a@example.test", now)).toMatch(/^[\w-]{22}$/);
    expect(verifyDeviceToken(SECRET, token, "b@example.test", now)).toBeNull();
    expect(verifyDeviceToken("another secret", token, "a@example.test", now)).toBeNull();
    // A different last character (the signature may already end in "A": 1 run in 64).
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(verifyDeviceToken(SECRET, tampered, "a@example.test", now)).toBeNull();
    expect(verifyDeviceToken(SECRET, token, "a@example.test", now + DEVICE_COOKIE_MAX_AGE_S * 1000 + 1000)).toBeNull();
    expect(verifyDeviceToken(SECRET, "garbage\u0000", "a@example.test", now)).toBeNull();
    expect(deviceCookieOf(`x=1; cb_device=${token}; y=2`)).toBe(token);
  });

  it("refuses common passwords, dressed up or not, wherever a password is set; a passphrase passes", async () => {
    for (const p of [
      "password1234",
      "Password1234!",
      "qwertyuiop123",
      "!!iloveyou2026",
      "qwertyqwerty",
      "1qaz2wsx3edc",
    ])
      expect(isCommonPassword(p), p).toBe(true);
    expect(isCommonPassword(PASSWORD)).toBe(false);
    expect(passwordProblems("Password1234!")).toEqual([expect.stringMatching(/most common passwords/)]);
    await expect(
      createUser(
        t.db,
        { email: "common@example.test", name: "C", role: "creditor_member", creditorId, password: "letmein12345" },
        systemActor("test"),
      ),
    ).rejects.toThrow(/most common passwords/);
  });

  it("never puts a control character into a redirect: the sign-in destination and Auth.js's redirect fall back to the root", () => {
    expect(safeDestination("/placements?x=1")).toBe("/placements?x=1");
    for (const bad of [
      "/\nSet-Cookie: x=1",
      "/a\rb",
      "/\u0000",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
    ])
      expect(safeDestination(bad), JSON.stringify(bad)).toBe("/");
    expect(safeRedirect("/x\ny", "https://app.example")).toBe("https://app.example");
    expect(safeRedirect("https://app.example/a", "https://app.example")).toBe("https://app.example/a");
    expect(safeRedirect("https://evil.example/a", "https://app.example")).toBe("https://app.example");
  });
});
