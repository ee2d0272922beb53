/**
 * Bank lines stored once however many files carry them. A line's key on its account is its
 * fingerprint — booking date, signed amount, currency and reference (the bank's own reference, or
 * the remittance text when it gives none), normalised — plus an occurrence number: the n-th line
 * with that fingerprint in the file, for lines that are truly identical (two equal card payments on
 * one day). Statements cover whole days, so any file holding a day holds all of that day's
 * identical lines in the same order of occurrence: importing the same file twice, or files that
 * overlap, yields each line once, in whatever order the files come.
 */
import { createHash } from "node:crypto";

export type LineFacts = {
  bookingDate: string;
  amount: bigint;
  currency: string;
  reference: string;
  description: string;
};

/** The normalised text that identifies a line beside its date and amount. */
export function lineReference(l: Pick<LineFacts, "reference" | "description">): string {
  return (l.reference.trim() || l.description).replace(/\s+/g, " ").trim().toUpperCase();
}

/** The fingerprint of a line (hex, 32 chars). */
export function fingerprintLine(l: LineFacts): string {
  return createHash("sha256")
    .update(`${l.bookingDate}|${l.amount}|${l.currency}|${lineReference(l)}`)
    .digest("hex")
    .slice(0, 32);
}

/** Each line with its fingerprint and its occurrence among the file's lines with the same fingerprint (1-based, file order). */
export function keyLines<T extends LineFacts>(
  lines: readonly T[],
): Array<T & { fingerprint: string; occurrence: number }> {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const fingerprint = fingerprintLine(l);
    const occurrence = (seen.get(fingerprint) ?? 0) + 1;
    seen.set(fingerprint, occurrence);
    return { ...l, fingerprint, occurrence };
  });
}
