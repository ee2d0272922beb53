import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The ~49,000 most common passwords of public breach corpora, as zxcvbn ships them (bundled in the
 * package: no network call, ever). Lowercased; built on first use.
 */
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase())));

/**
 * Whether a password is a common one, or a common one dressed up the usual ways: any letter case,
 * digits or symbols before or after ("Password1234!"), or repeated ("qwertyqwerty").
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  if (core.length >= 4 && list.has(core)) return true;
  const repeated = /^(.+?)\1+$/.exec(core)?.[1];
  return repeated !== undefined && list.has(repeated);
}

/**
 * What is wrong with a new password, in words a person can act on (empty when it is acceptable). One
 * rule for every place a password is set: accepting an invitation, creating a user with a password.
 */
export function passwordProblems(password: string): string[] {
  if (password.length < MIN_PASSWORD_LENGTH) return [`use at least ${MIN_PASSWORD_LENGTH} characters`];
  if (password.length > MAX_PASSWORD_LENGTH) return [`use at most ${MAX_PASSWORD_LENGTH} characters`];
  if (new Set(password).size < 5) return ["use a less repetitive password"];
  if (isCommonPassword(password))
    return [
      "this is one of the most common passwords (or one with digits or symbols added): choose another, e.g. a few unrelated words",
    ];
  return [];
}

/** Argon2id with the library's defaults (OWASP-level memory and time cost). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string: verifying against it costs the same as a real check,
// so an unknown email takes as long to refuse as a wrong password.
let decoy: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; a missing hash still spends the time of a check. */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash(crypto.randomUUID());
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
