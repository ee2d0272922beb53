import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fingerprintLine, keyLines, type LineFacts } from "./bank-lines";

const line = (bookingDate: string, amount: bigint, reference = "", description = "card"): LineFacts => ({
  bookingDate,
  amount,
  currency: "EUR",
  reference,
  description,
});

/** Import files into a store keyed like the database's unique index: (fingerprint, occurrence). */
function importAll(files: LineFacts[][]) {
  const store = new Map<string, LineFacts>();
  for (const f of files)
    for (const l of keyLines(f))
      if (!store.has(`${l.fingerprint}#${l.occurrence}`)) store.set(`${l.fingerprint}#${l.occurrence}`, l);
  return store;
}

describe("bank line keys", () => {
  it("identical lines on one day get occurrences 1, 2, …; lines differing in date, amount or reference do not collide", () => {
    const keyed = keyLines([line("2026-03-01", -290n), line("2026-03-01", -290n), line("2026-03-01", -290n, "R1")]);
    expect(keyed.map((k) => k.occurrence)).toEqual([1, 2, 1]);
    expect(keyed[0]!.fingerprint).toBe(keyed[1]!.fingerprint);
    expect(fingerprintLine(line("2026-03-02", -290n))).not.toBe(keyed[0]!.fingerprint);
    expect(fingerprintLine(line("2026-03-01", 290n))).not.toBe(keyed[0]!.fingerprint);
    // Whitespace and case in the text do not make a new line.
    expect(fingerprintLine(line("2026-03-01", -290n, "", "  CARD "))).toBe(keyed[0]!.fingerprint);
  });

  it("property: any order of files, repeats and overlaps of whole days yield exactly the true lines", () => {
    const day = fc.integer({ min: 1, max: 6 }).map((d) => `2026-03-0${d}`);
    const truth = fc.array(
      fc.record({ day, amount: fc.bigInt({ min: -3n, max: 3n }), ref: fc.constantFrom("", "A", "B") }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(
        truth,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (t, ranges) => {
          const lines = t.map((x) => line(x.day, x.amount, x.ref));
          const byDay = (from: number, to: number) =>
            lines.filter((l) => Number(l.bookingDate.slice(-2)) >= from && Number(l.bookingDate.slice(-2)) <= to);
          // Files are whole-day ranges in any order, then the full statement last (so every line is covered).
          const files = [...ranges.map(([from, len]) => byDay(from, from + len)), lines];
          const store = importAll(files);
          expect(store.size).toBe(lines.length);
          // The same files in reverse give the same lines.
          expect([...importAll([...files].reverse()).keys()].sort()).toEqual([...store.keys()].sort());
        },
      ),
    );
  });
});
