/**
 * The exception workbench's rules, pure: an item's lifecycle, its service level (business days per
 * kind), its age bucket, and four-eyes (who may decide alone, who must approve whom).
 */
import type { AmountLimits } from "./amount-limits";
import type { CurrencyCode } from "./money";

export const WORK_ITEM_KINDS = [
  "unmatched_payment",
  "ambiguous_payment",
  "reversal_decision",
  "writeback_failed",
  "drift",
  "direct_payment_candidate",
  "overpayment",
  "unmatched_transfer",
  "stripe_event_failed",
  "transfer_failed",
  "payment_review",
  "statement_tie_out",
  "bank_line_unmatched",
  "bank_match_ambiguous",
  "payout_failed",
  "possible_duplicate",
] as const;
export type WorkItemKindName = (typeof WORK_ITEM_KINDS)[number];
export type WorkItemState = "open" | "in_progress" | "resolved" | "dismissed";

/**
 * Service level in business days from the cause, per kind. Money that is stuck (a payment nobody
 * can place, a failed writeback or transfer) is worked within a day or two; decisions that need
 * a conversation with the creditor (a reversal, a direct payment) get a week.
 */
export const DEFAULT_SLA_BUSINESS_DAYS: Record<WorkItemKindName, number> = {
  unmatched_payment: 2,
  ambiguous_payment: 2,
  reversal_decision: 5,
  writeback_failed: 1,
  drift: 3,
  direct_payment_candidate: 5,
  overpayment: 5,
  unmatched_transfer: 2,
  stripe_event_failed: 1,
  transfer_failed: 1,
  payment_review: 2,
  statement_tie_out: 2,
  bank_line_unmatched: 3,
  bank_match_ambiguous: 3,
  payout_failed: 1,
  possible_duplicate: 2,
};

/** Read the WORK_ITEM_SLA_DAYS setting (`unmatched_payment=2,reversal_decision=5`) over the defaults. Throws naming the bad entry. */
export function parseSlaDays(text: string | undefined): Record<WorkItemKindName, number> {
  const days = { ...DEFAULT_SLA_BUSINESS_DAYS };
  for (const entry of (text ?? "").split(",").map((e) => e.trim())) {
    if (!entry) continue;
    const m = /^([a-z_]+)\s*=\s*(\d{1,3})$/.exec(entry);
    if (!m || !(WORK_ITEM_KINDS as readonly string[]).includes(m[1]!))
      throw new Error(`WORK_ITEM_SLA_DAYS entry "${entry}" must be kind=business_days, e.g. unmatched_payment=2`);
    days[m[1] as WorkItemKindName] = Number(m[2]);
  }
  return days;
}

const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

/** `start` plus `days` business days (Saturday and Sunday skipped, UTC), same time of day. */
export function addBusinessDays(start: Date, days: number): Date {
  const t = new Date(start.getTime());
  let n = days;
  while (n > 0) {
    t.setUTCDate(t.getUTCDate() + 1);
    if (!isWeekend(t)) n -= 1;
  }
  return t;
}

/** When an item of `kind` caused at `causedAt` is due. */
export function dueAtFor(kind: WorkItemKindName, causedAt: Date, sla = DEFAULT_SLA_BUSINESS_DAYS): Date {
  return addBusinessDays(causedAt, sla[kind]);
}

export const isOpenState = (s: WorkItemState) => s === "open" || s === "in_progress";

/** Overdue: still open and past its due time. A closed item is never overdue. */
export const isOverdue = (item: { status: WorkItemState; dueAt: Date | null }, now: Date) =>
  isOpenState(item.status) && item.dueAt !== null && item.dueAt.getTime() < now.getTime();

export const AGE_BUCKETS = ["0-1d", "2-3d", "4-7d", "8-30d", "30d+"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
/** Lower bound in whole days of each bucket (inclusive); the next bucket's bound is its upper (exclusive). */
export const AGE_BUCKET_FROM_DAYS: Record<AgeBucket, number> = {
  "0-1d": 0,
  "2-3d": 2,
  "4-7d": 4,
  "8-30d": 8,
  "30d+": 31,
};

export const ageDays = (createdAt: Date, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 86_400_000));

/** The age bucket of a whole-day age. */
export function ageBucket(days: number): AgeBucket {
  let bucket: AgeBucket = "0-1d";
  for (const b of AGE_BUCKETS) if (days >= AGE_BUCKET_FROM_DAYS[b]) bucket = b;
  return bucket;
}

/** [from, to) in whole days for a bucket; `to` null for the last. */
export function ageBucketRange(bucket: AgeBucket): { fromDays: number; toDays: number | null } {
  const i = AGE_BUCKETS.indexOf(bucket);
  const next = AGE_BUCKETS[i + 1];
  return { fromDays: AGE_BUCKET_FROM_DAYS[bucket], toDays: next ? AGE_BUCKET_FROM_DAYS[next] : null };
}

export type LifecycleAction = "assign" | "unassign" | "start" | "settle" | "reopen" | "propose" | "approve" | "reject";

/**
 * Whether `action` may happen in `state`; the reason when not. Closed items only reopen; open items
 * do everything but reopen. Approving needs a pending proposal (checked by the caller).
 */
export function lifecycleRefusal(state: WorkItemState, action: LifecycleAction): string | null {
  if (action === "reopen") return isOpenState(state) ? "the item is still open; there is nothing to reopen" : null;
  return isOpenState(state) ? null : `the item is already ${state}; reopen it first (with a reason) to act on it again`;
}

/** Staff roles allowed to approve a four-eyes decision. */
export const APPROVER_ROLES = ["finance", "admin"] as const;

export type FourEyesInput = {
  /** The decision's money at stake (minor units) and currency. */
  amount: bigint;
  currency: CurrencyCode;
  /** A write-off always needs a second person. */
  isWriteOff: boolean;
  /** Per-currency thresholds (minor units); a currency not named has `defaultThreshold`. */
  thresholds: AmountLimits;
  defaultThreshold: bigint;
};

/** A write-off, or any decision at or above the threshold, needs a proposer and a different approver. */
export function needsFourEyes(input: FourEyesInput): boolean {
  if (input.isWriteOff) return true;
  const threshold = input.thresholds[input.currency] ?? input.defaultThreshold;
  return input.amount >= threshold;
}

/** Why `approver` may not approve a proposal by `proposerId`; null when they may. */
export function approvalRefusal(proposerId: string, approver: { id: string; role: string }): string | null {
  if (approver.id === proposerId)
    return "the person who proposed a decision cannot approve it; ask someone in finance or an admin";
  if (!(APPROVER_ROLES as readonly string[]).includes(approver.role))
    return "approving needs the finance or admin role";
  return null;
}
