/**
 * How an operator applies one unmatched payment to placements of one creditor: the default split
 * (FIFO, oldest due date first, each placement up to its open balance, anything beyond the last
 * open balance kept as customer credit) and the check of an edited split (every part positive,
 * each placement once, parts summing exactly to the payment).
 */
import { allocateFifo, type OpenItem } from "./allocation";
import { AppError } from "@/server/errors";

/** One part of a split: this much of the payment goes to this placement. */
export type SplitPart = { placementId: string; amount: bigint };

/**
 * The default split of `amount` over `open` placements, oldest due date first. An excess beyond
 * every open balance rides on the last part: the payment path turns what a part pays beyond its
 * placement's balance into customer credit, never fee.
 */
export function defaultSplit(amount: bigint, open: readonly OpenItem[]): { parts: SplitPart[]; excess: bigint } {
  if (open.length === 0) throw new AppError("BAD_REQUEST", "choose at least one placement to apply the payment to");
  const { allocations, excess } = allocateFifo(amount, open);
  const parts = allocations.map((a) => ({ placementId: a.id, amount: a.amount }));
  if (excess > 0n) {
    const last = parts.at(-1);
    if (last) last.amount += excess;
    else parts.push({ placementId: oldest(open).id, amount: excess });
  }
  return { parts, excess };
}

function oldest(open: readonly OpenItem[]): OpenItem {
  return [...open].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : 1))[0]!;
}

/**
 * Checks an operator's split (AppError BAD_REQUEST saying what is wrong): at least one part,
 * every amount > 0, no placement twice, every placement among `allowed` (the same creditor's open
 * placements), and the parts summing exactly to the payment.
 */
export function checkSplit(amount: bigint, parts: readonly SplitPart[], allowed: ReadonlySet<string>): SplitPart[] {
  if (parts.length === 0) throw new AppError("BAD_REQUEST", "a split needs at least one part");
  const seen = new Set<string>();
  let sum = 0n;
  for (const p of parts) {
    if (p.amount <= 0n) throw new AppError("BAD_REQUEST", `each part must be a positive amount (got ${p.amount})`);
    if (seen.has(p.placementId)) throw new AppError("BAD_REQUEST", `placement ${p.placementId} is in the split twice`);
    if (!allowed.has(p.placementId))
      throw new AppError(
        "BAD_REQUEST",
        `placement ${p.placementId} is not an open placement of this creditor in the payment's currency`,
      );
    seen.add(p.placementId);
    sum += p.amount;
  }
  if (sum !== amount)
    throw new AppError(
      "BAD_REQUEST",
      `the parts sum to ${sum} but the payment is ${amount} (minor units): they must be equal`,
    );
  return parts.map((p) => ({ ...p }));
}

/** What a part does to its placement: the share that pays it down and the excess kept as customer credit. */
export function partEffect(part: bigint, openBalance: bigint): { applied: bigint; excess: bigint } {
  const open = openBalance > 0n ? openBalance : 0n;
  const applied = part < open ? part : open;
  return { applied, excess: part - applied };
}
