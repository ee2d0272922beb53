import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_MATCH_SETTINGS,
  decideMatch,
  normaliseName,
  parseAutoTiers,
  rankCandidates,
  scoreOf,
  textTokens,
  withinTolerance,
  type CandidateHit,
  type MatchRule,
} from "./matching";

const hit = (placementId: string, rule: MatchRule, over: Partial<CandidateHit> = {}): CandidateHit => ({
  placementId,
  creditorId: "c1",
  debtorId: "d1",
  invoiceNumber: `INV-${placementId}`,
  dueDate: "2026-01-01",
  openBalance: 10_000n,
  rule,
  via: "description",
  ...over,
});

describe("textTokens", () => {
  it.each([
    ["Payment for INV-1001, thanks", ["PAYMENT", "FOR", "INV-1001", "THANKS"].filter((t) => t.length >= 3)],
    ["inv-7.", ["INV-7"]],
    ["a 12 x", []],
    ["ref: 2024/INV/88#", ["REF", "2024/INV/88"]],
    ["", []],
    ["  INV-1001 INV-1001 ", ["INV-1001"]],
  ])("%j → %j", (text, tokens) => {
    expect(textTokens(text).sort()).toEqual([...tokens].sort());
  });
});

describe("normaliseName", () => {
  it.each([
    ["  ACME, Inc. ", "acme inc"],
    ["O'Brien  Ltd", "o brien ltd"],
    ["Müller GmbH", "m ller gmbh"],
  ])("%j → %j", (name, out) => expect(normaliseName(name)).toBe(out));
});

describe("parseAutoTiers", () => {
  it("reads a list of tiers", () => expect(parseAutoTiers("1, 2,3")).toEqual([1, 2, 3]));
  it("reads an empty setting as no tier", () => expect(parseAutoTiers(" ")).toEqual([]));
  it("refuses anything else", () => expect(() => parseAutoTiers("1,5")).toThrow(/not a rule 1–4/));
});

describe("withinTolerance and scoreOf", () => {
  it("admits a balance within the bps of the amount, both sides", () => {
    expect(withinTolerance(10_000n, 10_500n, 500)).toBe(true);
    expect(withinTolerance(10_000n, 9_500n, 500)).toBe(true);
    expect(withinTolerance(10_000n, 10_501n, 500)).toBe(false);
  });
  it("scores the exact amount at the rule's base and less as the balance drifts", () => {
    expect(scoreOf(2, 10_000n, 10_000n)).toBe(90);
    expect(scoreOf(4, 10_000n, 10_500n)).toBe(59);
    expect(scoreOf(2, 10_000n, 20_000n)).toBe(80);
    expect(scoreOf(1, 100n, 1_000_000n)).toBe(90);
  });
  it("takes a point per started 10% off (whole permille), never more than 10, for any amounts", () => {
    const base = { 1: 100, 2: 90, 3: 75, 4: 60 } as const;
    fc.assert(
      fc.property(
        fc.constantFrom<MatchRule>(1, 2, 3, 4),
        fc.bigInt({ min: -5n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (rule, amount, balance) => {
          const diff = balance > amount ? balance - amount : amount - balance;
          const permille = amount <= 0n ? 0n : diff >= amount ? 1000n : (diff * 1000n) / amount;
          expect(scoreOf(rule, amount, balance)).toBe(base[rule] - Number((permille + 99n) / 100n));
        },
      ),
    );
  });
});

describe("decideMatch", () => {
  it("applies a unique candidate at an auto tier at once", () => {
    const d = decideMatch(10_000n, [hit("a", 2), hit("b", 3)], DEFAULT_MATCH_SETTINGS);
    expect(d).toMatchObject({ outcome: "auto", rule: 2, candidate: { placementId: "a" } });
    if (d.outcome === "auto") expect(d.candidates.map((c) => c.placementId)).toEqual(["a", "b"]);
  });
  it("suggests a unique candidate at a tier that may not auto-apply", () => {
    expect(decideMatch(10_000n, [hit("a", 3)], DEFAULT_MATCH_SETTINGS)).toMatchObject({
      outcome: "suggested",
      rule: 3,
    });
    expect(decideMatch(10_000n, [hit("a", 3)], { ...DEFAULT_MATCH_SETTINGS, autoTiers: [1, 2, 3] })).toMatchObject({
      outcome: "auto",
    });
    expect(decideMatch(10_000n, [hit("a", 1)], { ...DEFAULT_MATCH_SETTINGS, autoTiers: [] })).toMatchObject({
      outcome: "suggested",
    });
  });
  it("sends a payment without candidates to review", () => {
    expect(decideMatch(10_000n, [], DEFAULT_MATCH_SETTINGS)).toEqual({ outcome: "review", reason: "no_candidate" });
  });
  it("never applies two candidates at the best tier, and lists every candidate", () => {
    const d = decideMatch(10_000n, [hit("a", 2), hit("b", 2), hit("c", 4)], DEFAULT_MATCH_SETTINGS);
    expect(d).toMatchObject({ outcome: "review", reason: "ambiguous", rule: 2 });
    if (d.outcome === "review" && d.reason === "ambiguous")
      expect(d.candidates.map((c) => c.placementId)).toEqual(["a", "b", "c"]);
  });
  it("counts a placement found by two rules once, at its strictest rule", () => {
    const d = decideMatch(10_000n, [hit("a", 3, { via: "receipt_email" }), hit("a", 2)], DEFAULT_MATCH_SETTINGS);
    expect(d).toMatchObject({ outcome: "auto", rule: 2, candidate: { placementId: "a", via: "description" } });
  });
  it("ranks by rule, score, then the oldest due date", () => {
    const ranked = rankCandidates(10_000n, [
      hit("late", 4, { dueDate: "2026-03-01" }),
      hit("early", 4, { dueDate: "2026-01-01" }),
      hit("off", 4, { openBalance: 10_400n }),
    ]);
    expect(ranked.map((c) => c.placementId)).toEqual(["early", "late", "off"]);
    expect(ranked[0]!.rulePath).toBe("rule 4: debtor name with an open balance within the tolerance (description)");
  });
});

const ruleArb = fc.constantFrom<MatchRule>(1, 2, 3, 4);
const hitArb = fc.record({
  placementId: fc.constantFrom("p1", "p2", "p3", "p4", "p5", "p6"),
  rule: ruleArb,
  openBalance: fc.bigInt({ min: 1n, max: 1_000_000n }),
  dueDate: fc.constantFrom("2025-01-01", "2025-06-01", "2026-01-01"),
});
const settingsArb = fc.record({
  autoTiers: fc.subarray<MatchRule>([1, 2, 3, 4]),
  nameToleranceBps: fc.integer({ min: 0, max: 10_000 }),
});

describe("the ambiguity guard (property)", () => {
  it("a payment with two or more best-tier candidates is never auto-applied, whatever the settings", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.array(hitArb, { maxLength: 12 }),
        settingsArb,
        (amount, raw, settings) => {
          const hits = raw.map((h) => hit(h.placementId, h.rule, h));
          const d = decideMatch(amount, hits, settings);
          const ranked = rankCandidates(amount, hits);
          const best = Math.min(...ranked.map((c) => c.rule));
          const atBest = ranked.filter((c) => c.rule === best).length;
          if (atBest >= 2) {
            expect(d.outcome).toBe("review");
            if (d.outcome === "review" && d.reason === "ambiguous") expect(d.candidates).toHaveLength(ranked.length);
          }
          if (d.outcome === "auto") {
            expect(atBest).toBe(1);
            expect(settings.autoTiers).toContain(d.rule);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("an auto or suggested decision names a candidate from its best tier", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.array(hitArb, { minLength: 1, maxLength: 8 }),
        (amount, raw) => {
          const hits = raw.map((h) => hit(h.placementId, h.rule, h));
          const d = decideMatch(amount, hits, DEFAULT_MATCH_SETTINGS);
          if (d.outcome === "auto" || d.outcome === "suggested")
            expect(d.candidate.rule).toBe(Math.min(...hits.map((h) => h.rule)));
        },
      ),
    );
  });
});
