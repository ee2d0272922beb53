import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkSplit, defaultSplit, partEffect } from "./payment-split";

const open = [
  { id: "b", dueDate: "2026-02-01", balance: 3_000n },
  { id: "a", dueDate: "2026-01-01", balance: 5_000n },
];

describe("defaultSplit (FIFO, oldest due first)", () => {
  it("pays the oldest placement first, then the next", () => {
    expect(defaultSplit(6_000n, open)).toEqual({
      parts: [
        { placementId: "a", amount: 5_000n },
        { placementId: "b", amount: 1_000n },
      ],
      excess: 0n,
    });
  });
  it("keeps what exceeds every balance on the last part (it becomes customer credit)", () => {
    expect(defaultSplit(9_000n, open)).toEqual({
      parts: [
        { placementId: "a", amount: 5_000n },
        { placementId: "b", amount: 4_000n },
      ],
      excess: 1_000n,
    });
  });
  it("refuses a split over no placement", () => {
    expect(() => defaultSplit(1n, [])).toThrow(/at least one placement/);
  });
  it("always sums exactly to the payment (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 1_000_000n }), { minLength: 1, maxLength: 6 }),
        (amount, balances) => {
          const items = balances.map((balance, i) => ({ id: `p${i}`, dueDate: `2026-01-0${(i % 9) + 1}`, balance }));
          const { parts } = defaultSplit(amount, items);
          expect(parts.reduce((s, p) => s + p.amount, 0n)).toBe(amount);
          expect(parts.every((p) => p.amount > 0n)).toBe(true);
        },
      ),
    );
  });
});

describe("checkSplit", () => {
  const allowed = new Set(["a", "b"]);
  it("accepts parts that sum exactly to the payment", () => {
    const parts = [
      { placementId: "a", amount: 2_000n },
      { placementId: "b", amount: 4_000n },
    ];
    expect(checkSplit(6_000n, parts, allowed)).toEqual(parts);
  });
  it.each([
    [[{ placementId: "a", amount: 5_999n }], /sum to 5999 but the payment is 6000/],
    [
      [
        { placementId: "a", amount: 0n },
        { placementId: "b", amount: 6_000n },
      ],
      /positive amount/,
    ],
    [
      [
        { placementId: "a", amount: 3_000n },
        { placementId: "a", amount: 3_000n },
      ],
      /twice/,
    ],
    [[{ placementId: "z", amount: 6_000n }], /not an open placement of this creditor/],
    [[], /at least one part/],
  ])("refuses case %#", (parts, message) => {
    expect(() => checkSplit(6_000n, parts, allowed)).toThrow(message);
  });
});

describe("partEffect", () => {
  it.each([
    [1_000n, 5_000n, { applied: 1_000n, excess: 0n }],
    [6_000n, 5_000n, { applied: 5_000n, excess: 1_000n }],
    [6_000n, 0n, { applied: 0n, excess: 6_000n }],
  ])("part %s on balance %s", (part, balance, out) => expect(partEffect(part, balance)).toEqual(out));
});
