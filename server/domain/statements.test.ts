import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { splitRemittance, splitReversal } from "./fees";
import { ACCOUNTS, disbursementPostings, paymentClearedPostings, reversalPostings, type Posting } from "./ledger-rules";
import { LINE_MOVEMENT, type LineKind } from "./statement-lines";
import {
  accountSums,
  classifyEntry,
  type Figures,
  type LedgerEntry,
  type LineAmounts,
  statementNumber,
  summaryFromLines,
  summaryFromPostings,
  tieOut,
} from "./statements";

const C = "00000000-0000-4000-8000-00000000000c";
const PAYABLE = ACCOUNTS.creditorPayable(C);
const none = new Map<string, bigint>();

/** A fee owed on a payment made to the creditor directly: Dr payable, Cr fee income, no cash (issue 14's shape). */
const directFeePostings = (fee: bigint, currency = "USD"): Posting[] => [
  { account: PAYABLE, amount: fee, currency },
  { account: ACCOUNTS.feeIncome, amount: -fee, currency },
];

describe("classifyEntry", () => {
  const sums = (postings: Posting[]) => accountSums(postings, PAYABLE).get("USD")!;
  const pay = paymentClearedPostings({ creditorId: C, currency: "USD", total: 1000n, fee: 250n, net: 750n });
  it.each([
    ["payment_cleared", pay, "collection"],
    ["some_new_kind", pay, "collection"],
    ["future_refund", pay.map((p) => ({ ...p, amount: -p.amount })), "reversal"],
    ["disbursement", disbursementPostings({ creditorId: C, currency: "USD", amount: 500n }), "disbursement"],
    ["payout_run", disbursementPostings({ creditorId: C, currency: "USD", amount: 500n }), "disbursement"],
    [
      "transfer_back",
      disbursementPostings({ creditorId: C, currency: "USD", amount: 500n }).map((p) => ({ ...p, amount: -p.amount })),
      "disbursement_return",
    ],
    ["direct_payment_fee", directFeePostings(120n), "direct_payment_fee"],
    ["anything", directFeePostings(120n), "direct_payment_fee"],
    [
      "manual",
      [
        { account: PAYABLE, amount: 5n, currency: "USD" },
        { account: "suspense", amount: -5n, currency: "USD" },
      ],
      "other",
    ],
  ] as const)("%s → %s", (kind, postings, movement) => {
    expect(classifyEntry(kind, sums([...postings]))).toBe(movement);
  });
});

describe("summaries", () => {
  it("reads a month: collected, fees, a chargeback, a direct-payment fee and a disbursement", () => {
    const split = splitRemittance(10_000n, 2500);
    const rev = splitReversal({ recovered: 10_000n, fee: 2500n }, { recovered: 0n, fee: 0n }, 4_000n);
    const entries: LedgerEntry[] = [
      {
        entryId: "1",
        kind: "payment_cleared",
        postings: paymentClearedPostings({ creditorId: C, currency: "USD", total: 10_500n, ...split, excess: 500n }),
      },
      { entryId: "2", kind: "chargeback", postings: reversalPostings({ creditorId: C, currency: "USD", ...rev }) },
      { entryId: "3", kind: "direct_payment_fee", postings: directFeePostings(300n) },
      {
        entryId: "4",
        kind: "disbursement",
        postings: disbursementPostings({ creditorId: C, currency: "USD", amount: 2_000n }),
      },
    ];
    const f = summaryFromPostings(entries, PAYABLE, new Map([["USD", 1_000n]])).get("USD")!;
    expect(f).toEqual({
      opening: 1_000n,
      collected: 10_000n,
      agencyFees: -2_500n + 1_000n,
      reversals: -4_000n,
      reinstatements: 0n,
      directPaymentFees: -300n,
      disbursed: -2_000n,
      otherAdjustments: 0n,
      closing: 1_000n + 7_500n - 3_000n - 300n - 2_000n,
    });
  });

  it("finds a one-cent difference between postings and lines", () => {
    const entries: LedgerEntry[] = [
      {
        entryId: "1",
        kind: "payment_cleared",
        postings: paymentClearedPostings({ creditorId: C, currency: "EUR", total: 1_000n, fee: 200n, net: 800n }),
      },
    ];
    const lines: LineAmounts[] = [{ currency: "EUR", movement: "collection", recovered: 1_000n, fee: 199n, net: 801n }];
    const diff = tieOut(summaryFromPostings(entries, PAYABLE, none), summaryFromLines(lines, none));
    expect(diff.map((d) => [d.figure, d.difference])).toEqual([
      ["agencyFees", -1n],
      ["closing", -1n],
    ]);
  });

  it("numbers statements CB-<code>-YYYY-MM", () => {
    expect(statementNumber("northwind", "2026-11")).toBe("CB-NORTHWIND-2026-11");
    expect(statementNumber("harbor-medical", "2026-01")).toBe("CB-HARBOR-MEDICAL-2026-01");
  });
});

/** A random event of a creditor's month, as the ledger posts it and as a statement line shows it. */
const event = fc.oneof(
  fc.record({
    t: fc.constant("pay" as const),
    amount: fc.bigInt(1n, 10_000_000n),
    bps: fc.integer({ min: 0, max: 10_000 }),
    excess: fc.bigInt(0n, 5_000n),
    cur: fc.constantFrom("USD", "JPY"),
  }),
  fc.record({ t: fc.constant("reverse" as const), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ t: fc.constant("direct" as const), fee: fc.bigInt(1n, 50_000n), cur: fc.constantFrom("USD", "JPY") }),
  fc.record({ t: fc.constant("disburse" as const), cur: fc.constantFrom("USD", "JPY") }),
);

describe("property: any history, month by month", () => {
  it("summary from postings = summary from lines, closing(n) = opening(n+1), last closing = the payable balance", () => {
    fc.assert(
      fc.property(fc.array(fc.array(event, { maxLength: 12 }), { minLength: 1, maxLength: 6 }), (months) => {
        const paid: Array<{ recovered: bigint; fee: bigint; reversed: bigint; feeBack: bigint; cur: string }> = [];
        const balance = new Map<string, bigint>();
        const allPostings: Posting[] = [];
        let opening = new Map<string, bigint>();
        for (const month of months) {
          const entries: LedgerEntry[] = [];
          const lines: LineAmounts[] = [];
          const add = (kind: string, postings: Posting[], line: Omit<LineAmounts, "movement"> & { kind: LineKind }) => {
            entries.push({ entryId: String(entries.length), kind, postings });
            allPostings.push(...postings);
            lines.push({ ...line, movement: LINE_MOVEMENT[line.kind] });
            const s = accountSums(postings, PAYABLE).get(line.currency)!;
            balance.set(line.currency, (balance.get(line.currency) ?? 0n) - s.payable);
          };
          for (const e of month) {
            if (e.t === "pay") {
              const s = splitRemittance(e.amount, e.bps);
              add(
                "payment_cleared",
                paymentClearedPostings({
                  creditorId: C,
                  currency: e.cur,
                  total: e.amount + e.excess,
                  ...s,
                  excess: e.excess,
                }),
                { kind: "partial", currency: e.cur, ...s },
              );
              paid.push({ ...s, reversed: 0n, feeBack: 0n, cur: e.cur });
            } else if (e.t === "reverse") {
              const row = paid.find((p) => p.recovered > p.reversed);
              if (!row) continue;
              const amount = ((row.recovered - row.reversed) * BigInt(e.part) + 99n) / 100n;
              const s = splitReversal(
                { recovered: row.recovered, fee: row.fee },
                { recovered: row.reversed, fee: row.feeBack },
                amount,
              );
              row.reversed -= s.recovered;
              row.feeBack -= s.fee;
              add("chargeback", reversalPostings({ creditorId: C, currency: row.cur, ...s }), {
                kind: "reversal",
                currency: row.cur,
                ...s,
              });
            } else if (e.t === "direct") {
              add("direct_payment_fee", directFeePostings(e.fee, e.cur), {
                kind: "direct_payment_fee",
                currency: e.cur,
                recovered: 0n,
                fee: e.fee,
                net: -e.fee,
              });
            } else {
              const owed = balance.get(e.cur) ?? 0n;
              if (owed <= 0n) continue;
              add("disbursement", disbursementPostings({ creditorId: C, currency: e.cur, amount: owed }), {
                kind: "disbursement",
                currency: e.cur,
                recovered: 0n,
                fee: 0n,
                net: -owed,
              });
            }
          }
          const fromPostings = summaryFromPostings(entries, PAYABLE, opening);
          const fromLines = summaryFromLines(lines, opening);
          expect(tieOut(fromPostings, fromLines)).toEqual([]);
          const next = new Map<string, bigint>();
          for (const [cur, f] of fromPostings) next.set(cur, (f as Figures).closing);
          // Next month opens where this one closed.
          opening = next;
        }
        for (const [cur, closing] of opening) {
          const ledger = allPostings
            .filter((p) => p.account === PAYABLE && p.currency === cur)
            .reduce((s, p) => s - p.amount, 0n);
          expect(closing).toBe(ledger);
        }
      }),
      { numRuns: 300 },
    );
  });
});
