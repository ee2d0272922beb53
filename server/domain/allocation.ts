/**
 * Splitting money across parts so the parts always sum to the whole: proportional splits
 * (largest remainder) and paying down open items oldest-first (FIFO).
 */

/**
 * Splits `total` proportionally to `weights` (≥ 0, at least one > 0); parts sum exactly to
 * `total`, each within 1 of its exact share; leftover units go to the largest remainders, ties to
 * the lower index. A negative total is split by absolute value and re-signed.
 */
export function largestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new Error("largestRemainder needs at least one weight.");
  let weightSum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new Error(`Allocation weights must be ≥ 0, got ${w}.`);
    weightSum += w;
  }
  if (weightSum === 0n) throw new Error("Allocation weights must include at least one positive weight.");

  const sign = total < 0n ? -1n : 1n;
  const abs = total * sign;
  const parts = weights.map((w) => (abs * w) / weightSum);
  const remainders = weights.map((w, index) => ({ index, rem: (abs * w) % weightSum }));
  let leftover = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rem === b.rem ? a.index - b.index : a.rem > b.rem ? -1 : 1));
  // leftover < number of positive remainders, so zero-weight parts never receive a unit.
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((p) => p * sign);
}

/** An open item that a payment can pay down. */
export type OpenItem = { id: string; dueDate: string; balance: bigint };

/** How much of a payment went to one item. */
export type Allocation = { id: string; amount: bigint };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Applies `amount` (> 0) to open items oldest due date first (ties by id), never beyond an item's
 * balance; items with no positive balance are skipped. What is left over is `excess`, which
 * becomes customer credit — never fee.
 */
export function allocateFifo(amount: bigint, open: readonly OpenItem[]): { allocations: Allocation[]; excess: bigint } {
  if (amount <= 0n) throw new Error(`The amount to allocate must be positive, got ${amount}.`);
  const seen = new Set<string>();
  for (const item of open) {
    if (!ISO_DATE.test(item.dueDate)) {
      throw new Error(`Open item ${item.id} has due date ${JSON.stringify(item.dueDate)}; expected YYYY-MM-DD.`);
    }
    if (seen.has(item.id)) throw new Error(`Open item ${item.id} is listed twice.`);
    seen.add(item.id);
  }
  // Plain string comparison: YYYY-MM-DD sorts chronologically, and localeCompare would vary by locale.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ordered = [...open].sort((a, b) => cmp(a.dueDate, b.dueDate) || cmp(a.id, b.id));

  const allocations: Allocation[] = [];
  let remaining = amount;
  for (const item of ordered) {
    if (remaining === 0n) break;
    if (item.balance <= 0n) continue;
    const take = item.balance < remaining ? item.balance : remaining;
    allocations.push({ id: item.id, amount: take });
    remaining -= take;
  }
  return { allocations, excess: remaining };
}

/**
 * Applies `amount` (> 0) to a single placement's outstanding `balance`; anything beyond it
 * (all of it, if the balance is zero or negative) is `excess`.
 */
export function allocateToPlacement(amount: bigint, balance: bigint): { applied: bigint; excess: bigint } {
  if (amount <= 0n) throw new Error(`The amount to allocate must be positive, got ${amount}.`);
  const room = balance > 0n ? balance : 0n;
  const applied = amount < room ? amount : room;
  return { applied, excess: amount - applied };
}
