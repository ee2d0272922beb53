import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { ABSOLUTE_LIFETIME_MS, IDLE_TIMEOUT_SECONDS, authBaseConfig } from "./base-config";

type JwtArgs = Parameters<typeof authBaseConfig.callbacks.jwt>[0];
const jwt = (args: Partial<JwtArgs>) => authBaseConfig.callbacks.jwt(args as JwtArgs) as JWT | null;

describe("session rules", () => {
  it("uses JWT sessions that end after 30 idle minutes (each request re-issues the token)", () => {
    expect(authBaseConfig.session).toEqual({ strategy: "jwt", maxAge: IDLE_TIMEOUT_SECONDS });
    expect(IDLE_TIMEOUT_SECONDS).toBe(1800);
  });

  it("puts role, creditor and a fresh session id in the token at each sign-in", () => {
    const user = { id: "u1", role: "creditor_admin" as const, creditorId: "c1", sessionId: "s1" };
    const first = jwt({ token: { sub: "u1", sessionId: "old" }, user });
    expect(first).toMatchObject({ userId: "u1", role: "creditor_admin", creditorId: "c1", sessionId: "s1" });
    expect(Date.now() - first!.signedInAt!).toBeLessThan(1000);
    // Later requests keep the token as it is.
    expect(jwt({ token: first! })).toEqual(first);
  });

  it("ends a session however active once it is older than the absolute lifetime, and refuses tokens without a sign-in time", () => {
    const stale = {
      userId: "u1",
      role: "operator" as const,
      sessionId: "s",
      signedInAt: Date.now() - ABSOLUTE_LIFETIME_MS - 1,
    };
    expect(jwt({ token: stale })).toBeNull();
    expect(jwt({ token: { userId: "u1" } })).toBeNull();
  });

  it("exposes id, role, creditor and session id on the session", () => {
    const session = authBaseConfig.callbacks.session({
      session: { user: { email: "a@b.test" }, expires: new Date().toISOString() },
      token: { userId: "u1", role: "finance", creditorId: null, sessionId: "s9" },
    } as never) as unknown as { user: Record<string, unknown> };
    expect(session.user).toMatchObject({
      id: "u1",
      role: "finance",
      creditorId: null,
      sessionId: "s9",
      email: "a@b.test",
    });
  });
});
