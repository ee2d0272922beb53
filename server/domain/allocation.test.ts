import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocateFifo, allocateToPlacement, largestRemainder, type OpenItem } from "./allocation";

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe("largestRemainder", () => {
  it.each([
    [100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    [-100n, [1n, 1n, 1n], [-34n, -33n, -33n]],
    [10n, [0n, 1n, 1n], [0n, 5n, 5n]],
    [1n, [1n, 1n], [1n, 0n]], // tie → lower index
    [7n, [3n, 0n, 5n], [3n, 0n, 4n]], // 2.625 / 4.375: the larger remainder (.625) wins the unit
    [0n, [2n, 3n], [0n, 0n]],
    [1000n, [5n], [1000n]],
  ])("%s over [%s] → [%s]", (total, weights, expected) => {
    expect(largestRemainder(total, weights)).toEqual(expected);
  });

  it.each([
    [[], /at least one weight/],
    [[0n, 0n], /positive weight/],
    [[1n, -1n], /≥ 0/],
  ])("rejects weights [%s]", (weights, message) => {
    expect(() => largestRemainder(10n, weights)).toThrow(message);
  });

  it("sums to total, each part within 1 of its exact share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 }).filter((w) => sum(w) > 0n),
        (total, weights) => {
          const parts = largestRemainder(total, weights);
          const W = sum(weights);
          expect(parts).toHaveLength(weights.length);
          expect(sum(parts)).toBe(total);
          parts.forEach((p, i) => {
            // |p − total·w/W| < 1  ⇔  |p·W − total·w| < W
            const diff = p * W - total * (weights[i] ?? 0n);
            expect(diff < W && diff > -W).toBe(true);
            if (weights[i] === 0n) expect(p).toBe(0n);
          });
        },
      ),
    );
  });
});

describe("allocateFifo", () => {
  const open: OpenItem[] = [
    { id: "inv-c", dueDate: "2024-03-01", balance: 5000n },
    { id: "inv-a", dueDate: "2024-01-15", balance: 2000n },
    { id: "inv-z", dueDate: "2024-02-01", balance: 0n },
    { id: "inv-b", dueDate: "2024-01-15", balance: 1000n },
  ];

  it.each([
    [500n, [["inv-a", 500n]], 0n],
    [
      2500n,
      [
        ["inv-a", 2000n],
        ["inv-b", 500n],
      ],
      0n,
    ],
    [
      8000n,
      [
        ["inv-a", 2000n],
        ["inv-b", 1000n],
        ["inv-c", 5000n],
      ],
      0n,
    ],
    [
      9999n,
      [
        ["inv-a", 2000n],
        ["inv-b", 1000n],
        ["inv-c", 5000n],
      ],
      1999n,
    ],
  ] as const)("allocates %s oldest first, ties by id, skipping zero balances", (amount, expected, excess) => {
    const result = allocateFifo(amount, open);
    expect(result.allocations).toEqual(expected.map(([id, a]) => ({ id, amount: a })));
    expect(result.excess).toBe(excess);
  });

  it("turns everything into excess when nothing is open", () => {
    expect(allocateFifo(700n, [])).toEqual({ allocations: [], excess: 700n });
    expect(allocateFifo(700n, [{ id: "x", dueDate: "2024-01-01", balance: -50n }])).toEqual({
      allocations: [],
      excess: 700n,
    });
  });

  it.each([
    [0n, open, /positive/],
    [-1n, open, /positive/],
    [1n, [{ id: "x", dueDate: "01/02/2024", balance: 1n }], /YYYY-MM-DD/],
    [
      1n,
      [
        { id: "x", dueDate: "2024-01-01", balance: 1n },
        { id: "x", dueDate: "2024-01-02", balance: 1n },
      ],
      /twice/,
    ],
  ])("rejects bad input %#", (amount, items, message) => {
    expect(() => allocateFifo(amount, items)).toThrow(message);
  });

  const item = fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    dueDate: fc
      .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    balance: fc.bigInt({ min: -1000n, max: 10n ** 9n }),
  });
  const items = fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 15 });

  it("conserves money, never exceeds a balance, and fills older due dates first", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 10n }), items, (amount, list) => {
        const { allocations, excess } = allocateFifo(amount, list);
        expect(sum(allocations.map((a) => a.amount)) + excess).toBe(amount);
        expect(excess >= 0n).toBe(true);
        const byId = new Map(list.map((i) => [i.id, i]));
        for (const a of allocations) {
          const it = byId.get(a.id);
          expect(a.amount > 0n && it !== undefined && a.amount <= it.balance).toBe(true);
        }
        // Any open item that is not fully paid must have nothing newer paid, and no excess left.
        for (const i of list.filter((x) => x.balance > 0n)) {
          const paid = allocations.find((a) => a.id === i.id)?.amount ?? 0n;
          if (paid < i.balance) {
            expect(excess).toBe(0n);
            for (const a of allocations) {
              const other = byId.get(a.id);
              if (other && a.id !== i.id) expect(other.dueDate <= i.dueDate).toBe(true);
            }
          }
        }
      }),
    );
  });
});

describe("allocateToPlacement", () => {
  it.each([
    [500n, 1000n, 500n, 0n],
    [1000n, 1000n, 1000n, 0n],
    [1500n, 1000n, 1000n, 500n],
    [1500n, 0n, 0n, 1500n],
    [1500n, -200n, 0n, 1500n],
  ])("%s against balance %s → applied %s, excess %s", (amount, balance, applied, excess) => {
    expect(allocateToPlacement(amount, balance)).toEqual({ applied, excess });
  });

  it("rejects a non-positive amount", () => {
    expect(() => allocateToPlacement(0n, 100n)).toThrow(/positive/);
  });
});
