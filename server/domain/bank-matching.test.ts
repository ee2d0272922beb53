import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type BankLineFacts, type Candidate, matchBankLines } from "./bank-matching";

const line = (id: string, amount: bigint, bookingDate = "2026-03-05", text = ""): BankLineFacts => ({
  id,
  bookingDate,
  amount,
  currency: "USD",
  reference: "",
  description: text,
});
const payout = (id: string, amount: bigint, date = "2026-03-04"): Candidate => ({
  kind: "payout",
  id,
  amount,
  currency: "USD",
  date,
  references: [id],
});
const disbursement = (id: string, amount: bigint, refs: string[], date = "2026-03-04"): Candidate => ({
  kind: "disbursement",
  id,
  amount,
  currency: "USD",
  date,
  references: refs,
});

describe("matchBankLines", () => {
  it("rule 1: the line names the payout (reference beats a same-amount neighbour)", () => {
    const [d] = matchBankLines(
      [line("l1", 50_00n, "2026-03-05", "STRIPE PAYOUT po_1ABCDEFG")],
      [payout("po_1ABCDEFG", 50_00n), payout("po_2ZZZZZZZ", 50_00n)],
    );
    expect(d).toMatchObject({
      outcome: "matched",
      rule: "reference",
      rulePath: ["reference"],
      candidate: { id: "po_1ABCDEFG" },
    });
  });

  it("rule 2: amount and date window when the bank prints no reference; outside the window nothing", () => {
    expect(matchBankLines([line("l1", 50_00n, "2026-03-07")], [payout("po_1", 50_00n)])[0]).toMatchObject({
      outcome: "matched",
      rule: "amount_date",
      rulePath: ["reference", "amount_date"],
    });
    expect(matchBankLines([line("l1", 50_00n, "2026-03-20")], [payout("po_1", 50_00n)])[0]!.outcome).toBe("unmatched");
  });

  it("debits find disbursements by ACH reference; the sign must agree", () => {
    const ds = [disbursement("d1", 80_00n, ["ACH-2026-0042"])];
    expect(
      matchBankLines([line("l1", -80_00n, "2026-03-05", "ACH CREDIT ach-2026-0042 NORTHWIND")], ds)[0],
    ).toMatchObject({ outcome: "matched", rule: "reference" });
    expect(matchBankLines([line("l1", 80_00n, "2026-03-05", "ACH-2026-0042")], ds)[0]!.outcome).toBe("unmatched");
  });

  it("ambiguity guard: two candidates at the deciding rule, or two lines for one candidate, never match", () => {
    const two = matchBankLines([line("l1", 50_00n)], [payout("po_1", 50_00n), payout("po_2", 50_00n, "2026-03-05")]);
    expect(two[0]).toMatchObject({ outcome: "ambiguous", rule: "amount_date" });
    if (two[0]!.outcome === "ambiguous") expect(two[0]!.candidates.map((c) => c.id).sort()).toEqual(["po_1", "po_2"]);
    const twins = matchBankLines([line("l1", 50_00n), line("l2", 50_00n)], [payout("po_1", 50_00n)]);
    expect(twins.map((d) => d.outcome)).toEqual(["ambiguous", "ambiguous"]);
  });

  it("property: a candidate is matched to at most one line, and never with another candidate as good", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 4 }), day: fc.integer({ min: 1, max: 9 }) }), {
          maxLength: 12,
        }),
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 4 }), day: fc.integer({ min: 1, max: 9 }) }), {
          maxLength: 12,
        }),
        (ls, ps) => {
          const lines = ls.map((l, i) => line(`l${i}`, BigInt(l.amount), `2026-03-1${l.day}`));
          const cands = ps.map((p, i) => payout(`po_${i}`, BigInt(p.amount), `2026-03-1${p.day}`));
          const ds = matchBankLines(lines, cands);
          const used = ds.flatMap((d) => (d.outcome === "matched" ? [d.candidate.id] : []));
          expect(new Set(used).size).toBe(used.length);
          for (const d of ds) if (d.outcome === "ambiguous") expect(d.candidates.length).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});
