import { hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** What is wrong with a new password, in words a person can act on (empty when it is acceptable). */
export function passwordProblems(password: string): string[] {
  if (password.length < MIN_PASSWORD_LENGTH) return [`use at least ${MIN_PASSWORD_LENGTH} characters`];
  if (password.length > MAX_PASSWORD_LENGTH) return [`use at most ${MAX_PASSWORD_LENGTH} characters`];
  if (new Set(password).size < 5) return ["use a less repetitive password"];
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
