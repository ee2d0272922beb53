import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  AGE_BUCKETS,
  addBusinessDays,
  ageBucket,
  ageBucketRange,
  approvalRefusal,
  dueAtFor,
  isOverdue,
  lifecycleRefusal,
  needsFourEyes,
  parseSlaDays,
} from "./work-items";

describe("addBusinessDays", () => {
  it.each([
    ["2026-11-02T09:00:00Z", 2, "2026-11-04T09:00:00.000Z"], // Monday → Wednesday
    ["2026-11-06T09:00:00Z", 2, "2026-11-10T09:00:00.000Z"], // Friday → Tuesday
    ["2026-11-07T09:00:00Z", 1, "2026-11-09T09:00:00.000Z"], // Saturday → Monday
    ["2026-11-02T09:00:00Z", 5, "2026-11-09T09:00:00.000Z"], // a full week
    ["2026-11-02T09:00:00Z", 0, "2026-11-02T09:00:00.000Z"],
  ])("%s + %i business days = %s", (start, days, due) => {
    expect(addBusinessDays(new Date(start), days).toISOString()).toBe(due);
  });

  it("never lands on a weekend and never goes back", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 30 }),
        (d, n) => {
          const due = addBusinessDays(d, n);
          expect([0, 6]).not.toContain(due.getUTCDay());
          expect(due.getTime()).toBeGreaterThan(d.getTime());
          // n business days are at most n + 2·ceil(n/5) + 2 calendar days.
          expect(due.getTime() - d.getTime()).toBeLessThanOrEqual((n + 2 * Math.ceil(n / 5) + 2) * 86_400_000);
        },
      ),
    );
  });
});

describe("service levels", () => {
  it("defaults an unmatched payment to 2 business days and a reversal decision to 5", () => {
    const monday = new Date("2026-11-02T00:00:00Z");
    expect(dueAtFor("unmatched_payment", monday).toISOString()).toBe("2026-11-04T00:00:00.000Z");
    expect(dueAtFor("reversal_decision", monday).toISOString()).toBe("2026-11-09T00:00:00.000Z");
  });
  it("reads overrides and names a bad entry", () => {
    expect(parseSlaDays("unmatched_payment=1, drift=10")).toMatchObject({
      unmatched_payment: 1,
      drift: 10,
      reversal_decision: 5,
    });
    expect(() => parseSlaDays("lunch=3")).toThrow(/WORK_ITEM_SLA_DAYS entry "lunch=3"/);
    expect(() => parseSlaDays("drift=-1")).toThrow(/kind=business_days/);
  });
  it("calls only open items past their due time overdue", () => {
    const now = new Date("2026-11-10T00:00:00Z");
    const past = new Date("2026-11-09T00:00:00Z");
    expect(isOverdue({ status: "open", dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: "in_progress", dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: "resolved", dueAt: past }, now)).toBe(false);
    expect(isOverdue({ status: "open", dueAt: now }, now)).toBe(false);
    expect(isOverdue({ status: "open", dueAt: null }, now)).toBe(false);
  });
});

describe("age buckets", () => {
  it.each([
    [0, "0-1d"],
    [1, "0-1d"],
    [2, "2-3d"],
    [7, "4-7d"],
    [8, "8-30d"],
    [30, "8-30d"],
    [31, "30d+"],
  ])("%i days is %s", (days, bucket) => {
    expect(ageBucket(days)).toBe(bucket);
  });
  it("each bucket's range contains exactly its ages", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (days) => {
        const r = ageBucketRange(ageBucket(days));
        expect(days).toBeGreaterThanOrEqual(r.fromDays);
        if (r.toDays !== null) expect(days).toBeLessThan(r.toDays);
      }),
    );
    expect(AGE_BUCKETS.map((b) => ageBucketRange(b).fromDays)).toEqual([0, 2, 4, 8, 31]);
  });
});

describe("lifecycle", () => {
  it("lets closed items only reopen and open items do anything but reopen", () => {
    expect(lifecycleRefusal("open", "settle")).toBeNull();
    expect(lifecycleRefusal("in_progress", "approve")).toBeNull();
    expect(lifecycleRefusal("open", "reopen")).toMatch(/still open/);
    expect(lifecycleRefusal("resolved", "assign")).toMatch(/already resolved/);
    expect(lifecycleRefusal("dismissed", "reopen")).toBeNull();
  });
});

describe("four-eyes", () => {
  const base = { currency: "USD" as const, thresholds: { USD: 100_000n }, defaultThreshold: 50_000n };
  it("always for a write-off, otherwise at or above the threshold", () => {
    expect(needsFourEyes({ ...base, amount: 1n, isWriteOff: true })).toBe(true);
    expect(needsFourEyes({ ...base, amount: 99_999n, isWriteOff: false })).toBe(false);
    expect(needsFourEyes({ ...base, amount: 100_000n, isWriteOff: false })).toBe(true);
    expect(needsFourEyes({ ...base, currency: "EUR", amount: 50_000n, isWriteOff: false })).toBe(true);
  });
  it("never lets the proposer approve, and needs finance or admin", () => {
    expect(approvalRefusal("u1", { id: "u1", role: "admin" })).toMatch(/proposed a decision cannot approve/);
    expect(approvalRefusal("u1", { id: "u2", role: "operator" })).toMatch(/finance or admin/);
    expect(approvalRefusal("u1", { id: "u2", role: "creditor_admin" })).toMatch(/finance or admin/);
    expect(approvalRefusal("u1", { id: "u2", role: "finance" })).toBeNull();
    expect(approvalRefusal("u1", { id: "u2", role: "admin" })).toBeNull();
  });
});
