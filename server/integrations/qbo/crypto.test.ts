import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/server/env";
import {
  TokenDecryptError,
  decryptSecret,
  deriveSubkey,
  encryptSecret,
  parseTokenKey,
  tokenKeyFromEnv,
} from "./crypto";

const key = parseTokenKey(randomBytes(32).toString("base64"));

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("token encryption", () => {
  it("round-trips, with a fresh IV each time and no plaintext in the ciphertext", () => {
    const a = encryptSecret("rt-secret-value", key, "qbo:c1:refresh");
    const b = encryptSecret("rt-secret-value", key, "qbo:c1:refresh");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(a).not.toContain("rt-secret");
    expect(decryptSecret(a, key, "qbo:c1:refresh")).toBe("rt-secret-value");
  });

  it("refuses a tampered ciphertext, tag or IV", () => {
    const sealed = encryptSecret("access-token", key, "ctx");
    const parts = sealed.split(".");
    const flip = (s: string) => {
      const buf = Buffer.from(s, "base64url");
      buf[0]! ^= 1;
      return buf.toString("base64url");
    };
    for (const i of [2, 3, 4]) {
      const bad = [...parts];
      bad[i] = flip(bad[i]!);
      expect(() => decryptSecret(bad.join("."), key, "ctx")).toThrow(TokenDecryptError);
    }
  });

  it("refuses a ciphertext moved to another record (associated data)", () => {
    const sealed = encryptSecret("access-token", key, "qbo:creditor-a:access");
    expect(() => decryptSecret(sealed, key, "qbo:creditor-b:access")).toThrow(TokenDecryptError);
  });

  it("names a key mismatch and an unknown format", () => {
    const other = parseTokenKey(randomBytes(32).toString("hex"));
    expect(() => decryptSecret(encryptSecret("x", key, "c"), other, "c")).toThrow(/encrypted with key/);
    expect(() => decryptSecret("v0.aa.bb.cc.dd", key, "c")).toThrow(/format/);
  });

  it("accepts 32-byte keys as hex or base64 and rejects other lengths", () => {
    const raw = randomBytes(32);
    expect(parseTokenKey(raw.toString("hex")).key.equals(raw)).toBe(true);
    expect(parseTokenKey(raw.toString("base64url")).key.equals(raw)).toBe(true);
    expect(() => parseTokenKey(randomBytes(16).toString("hex"))).toThrow(/32 bytes/);
  });

  it("derives independent subkeys per purpose", () => {
    expect(deriveSubkey(key, "qbo-oauth-state").equals(deriveSubkey(key, "other"))).toBe(false);
    expect(deriveSubkey(key, "qbo-oauth-state")).toHaveLength(32);
  });

  it("uses a labelled local key in development but refuses to run without one in production", () => {
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", "");
    vi.stubEnv("NODE_ENV", "development");
    resetEnvForTests();
    expect(tokenKeyFromEnv().isDevKey).toBe(true);
    vi.stubEnv("NODE_ENV", "production");
    resetEnvForTests();
    expect(() => tokenKeyFromEnv()).toThrow(/TOKEN_ENCRYPTION_KEY is not set/);
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", randomBytes(32).toString("hex"));
    resetEnvForTests();
    expect(tokenKeyFromEnv().isDevKey).toBe(false);
  });
});
