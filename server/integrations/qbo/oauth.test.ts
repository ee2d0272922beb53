import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QboDouble, startQboDouble } from "./double";
import { QboOAuthError, buildAuthorizeUrl, exchangeCode, refreshTokens, signState, verifyState } from "./oauth";
import { doubleOAuthConfig } from "@/server/testing/qbo";

let double: QboDouble;
beforeAll(async () => {
  double = await startQboDouble();
});
afterAll(() => double.close());

const key = randomBytes(32);
const now = Date.parse("2026-11-20T10:00:00Z");

describe("OAuth state", () => {
  it("round-trips the creditor and nonce", () => {
    const s = signState({ creditorId: "c-1", nonce: "n-1", issuedAt: now }, key);
    expect(verifyState(s, key, { now: now + 1000, maxAgeMs: 600_000 })).toEqual({
      creditorId: "c-1",
      nonce: "n-1",
      issuedAt: now,
    });
  });
  it("rejects a forged, re-targeted or stale state", () => {
    const s = signState({ creditorId: "c-1", nonce: "n-1", issuedAt: now }, key);
    const [, mac] = s.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ c: "c-2", n: "n-1", t: now })).toString("base64url");
    expect(() => verifyState(`${forgedBody}.${mac}`, key, { now, maxAgeMs: 600_000 })).toThrow(QboOAuthError);
    expect(() => verifyState(s, randomBytes(32), { now, maxAgeMs: 600_000 })).toThrow(/not issued by us/);
    expect(() => verifyState(s, key, { now: now + 600_001, maxAgeMs: 600_000 })).toThrow(/expired/);
    expect(() => verifyState("garbage", key, { now, maxAgeMs: 600_000 })).toThrow(/malformed/);
  });
});

describe("OAuth against the test double", () => {
  it("authorize → redirect with code, realmId and state → exchange → refresh rotates", async () => {
    const realm = double.seedRealm({ companyName: "OAuth Co", customers: [{ DisplayName: "D" }] });
    double.setAuthorizeRealm(realm.realmId);
    const cfg = doubleOAuthConfig(double);
    const url = new URL(buildAuthorizeUrl(cfg, "state-xyz"));
    expect(url.searchParams.get("scope")).toBe("com.intuit.quickbooks.accounting");
    expect(url.searchParams.get("response_type")).toBe("code");

    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(cfg.redirectUri);
    expect(back.searchParams.get("state")).toBe("state-xyz");
    expect(back.searchParams.get("realmId")).toBe(realm.realmId);

    const first = await exchangeCode(cfg, back.searchParams.get("code")!);
    expect(first.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(first.refreshTokenHardExpiresAt).toBeInstanceOf(Date);
    // A code is single-use.
    await expect(exchangeCode(cfg, back.searchParams.get("code")!)).rejects.toMatchObject({
      error: "invalid_grant",
      needsReconnect: true,
    });

    const second = await refreshTokens(cfg, first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // The spent refresh token is dead: forgetting to save the new one means reconnecting.
    await expect(refreshTokens(cfg, first.refreshToken)).rejects.toMatchObject({ error: "invalid_grant", status: 400 });
    await expect(refreshTokens(cfg, second.refreshToken)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it("rejects wrong client credentials and unknown grant types", async () => {
    const cfg = { ...doubleOAuthConfig(double), clientSecret: "wrong" };
    await expect(refreshTokens(cfg, "whatever")).rejects.toMatchObject({ error: "invalid_client", status: 401 });
  });

  it("reports an unreachable token endpoint as a network error, not invalid_grant", async () => {
    const cfg = { ...doubleOAuthConfig(double), tokenUrl: "http://127.0.0.1:1/oauth2/v1/tokens/bearer" };
    await expect(refreshTokens(cfg, "rt")).rejects.toMatchObject({ error: "network", needsReconnect: false });
  });
});
