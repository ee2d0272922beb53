import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  isTimeZone,
  nextPeriod,
  parsePeriod,
  periodBounds,
  periodOf,
  periodsBetween,
  previousPeriod,
} from "./statement-period";

describe("statement periods", () => {
  it.each([
    ["2026-11", "UTC", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
    ["2026-12", "UTC", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    // New York: EDT (UTC−4) on 1 October, EST (UTC−5) from 2 November.
    ["2026-10", "America/New_York", "2026-10-01T04:00:00.000Z", "2026-11-01T04:00:00.000Z"],
    ["2026-11", "America/New_York", "2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z"],
    ["2026-03", "Europe/Berlin", "2026-02-28T23:00:00.000Z", "2026-03-31T22:00:00.000Z"],
    ["2026-01", "Asia/Tokyo", "2025-12-31T15:00:00.000Z", "2026-01-31T15:00:00.000Z"],
    ["2026-04", "Asia/Kolkata", "2026-03-31T18:30:00.000Z", "2026-04-30T18:30:00.000Z"],
  ])("%s in %s is [%s, %s)", (period, zone, start, end) => {
    const b = periodBounds(period, zone);
    expect([b.start.toISOString(), b.end.toISOString()]).toEqual([start, end]);
  });

  it("rejects malformed periods and knows real zones", () => {
    for (const bad of ["2026-13", "2026-1", "26-11", "2026-11-01", ""])
      expect(() => parsePeriod(bad)).toThrow(/YYYY-MM/);
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });

  it("steps months across years", () => {
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(periodsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("property: every instant lies in the period periodOf names, in any zone", () => {
    const zones = [
      "UTC",
      "America/New_York",
      "Europe/Berlin",
      "Australia/Lord_Howe",
      "Pacific/Chatham",
      "Asia/Kolkata",
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2060-01-01"), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (at, zone) => {
          const b = periodBounds(periodOf(at, zone), zone);
          expect(b.start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(at.getTime()).toBeLessThan(b.end.getTime());
        },
      ),
      { numRuns: 400 },
    );
  });
});
