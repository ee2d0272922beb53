import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { setEnv } from "@/server/testing/files";
import { mintDownloadLink, verifyDownloadToken } from "./links";

const file = { id: randomUUID(), name: "CB-ACME-2026-11.pdf", expiresAt: null };
const now = new Date("2026-12-01T10:00:00Z");
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

describe("download links", () => {
  afterEach(() =>
    setEnv({ FILE_LINK_SECRET: undefined, AUTH_SECRET: undefined, APP_URL: undefined, NODE_ENV: "test" }),
  );

  it("mints a ten-minute link by default that verifies until it expires", () => {
    const link = mintDownloadLink(file, { now });
    expect(link.url).toMatch(/^\/api\/files\/[^/]+$/);
    expect(link.expiresAt).toEqual(new Date("2026-12-01T10:10:00Z"));
    expect(verifyDownloadToken(tokenOf(link.url), now)).toEqual({
      ok: true,
      fileId: file.id,
      name: file.name,
      expiresAt: link.expiresAt,
    });
    expect(verifyDownloadToken(tokenOf(link.url), new Date("2026-12-01T10:09:59Z")).ok).toBe(true);
    expect(verifyDownloadToken(tokenOf(link.url), link.expiresAt)).toEqual({
      ok: false,
      reason: "expired",
      expiresAt: link.expiresAt,
    });
  });

  it("is absolute under the given base or APP_URL, carries the download name, and never outlives the file", () => {
    expect(mintDownloadLink(file, { now, baseUrl: "https://api.example.test" }).url).toMatch(
      /^https:\/\/api\.example\.test\/api\/files\//,
    );
    setEnv({ APP_URL: "https://books.example.test" });
    const renamed = mintDownloadLink(file, { now, filename: "Relevé novembre.pdf", ttlSeconds: 60 });
    expect(renamed.url.startsWith("https://books.example.test/api/files/")).toBe(true);
    expect(renamed.expiresAt).toEqual(new Date("2026-12-01T10:01:00Z"));
    expect(verifyDownloadToken(tokenOf(renamed.url), now)).toMatchObject({ ok: true, name: "Relevé novembre.pdf" });
    const expiring = { ...file, expiresAt: new Date("2026-12-01T10:03:00Z") };
    expect(mintDownloadLink(expiring, { now }).expiresAt).toEqual(expiring.expiresAt);
    expect(() => mintDownloadLink(file, { ttlSeconds: 0 })).toThrow(/1 to 604800 seconds/);
    expect(() => mintDownloadLink(file, { ttlSeconds: 8 * 24 * 3600 })).toThrow(/1 to 604800 seconds/);
  });

  it("calls any change to the token tampered, checked before expiry", () => {
    const token = tokenOf(mintDownloadLink(file, { now }).url);
    const [id, exp, name, sig] = token.split(".") as [string, string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const variants = [
      [randomUUID(), exp, name, sig],
      [id, String(Number(exp) + 3600), name, sig],
      [id, String(Number(exp) - 3600), name, sig], // an earlier, already passed expiry: still tampered, not expired
      [id, exp, Buffer.from("other.pdf").toString("base64url"), sig],
      [id, exp, name, flip(sig, 0)],
      [id, exp, name, flip(sig, sig.length - 1)],
      [id, exp, name, sig.slice(1)],
    ].map((parts) => parts.join("."));
    for (const v of [...variants, "", "garbage", `${token}.x`, token.replace(/\./g, "-")])
      expect(verifyDownloadToken(v, now), v).toEqual({ ok: false, reason: "tampered" });
  });

  it("signs with FILE_LINK_SECRET, else a key derived from AUTH_SECRET; a changed secret voids old links", () => {
    const dev = tokenOf(mintDownloadLink(file, { now }).url);
    setEnv({ AUTH_SECRET: "an-auth-secret-of-at-least-32-chars!" });
    expect(verifyDownloadToken(dev, now).ok).toBe(false);
    const fromAuth = tokenOf(mintDownloadLink(file, { now }).url);
    expect(verifyDownloadToken(fromAuth, now).ok).toBe(true);
    setEnv({ FILE_LINK_SECRET: "a-file-link-secret-of-32-chars-min" });
    expect(verifyDownloadToken(fromAuth, now)).toEqual({ ok: false, reason: "tampered" });
    expect(verifyDownloadToken(tokenOf(mintDownloadLink(file, { now }).url), now).ok).toBe(true);
  });

  it("refuses to sign in production without a secret", () => {
    setEnv({ NODE_ENV: "production" });
    expect(() => mintDownloadLink(file)).toThrow(/FILE_LINK_SECRET or AUTH_SECRET/);
  });
});
