import { describe, expect, it } from "vitest";
import { cronMatches, nextCronTime, parseCron } from "./cron";
import { SCHEDULES } from "./schedules";

const at = (iso: string) => new Date(iso);

describe("cron (the runner's reading of the shared schedules)", () => {
  it.each([
    ["TZ=UTC * * * * *", "2026-11-22T04:21:30Z", "2026-11-22T04:22:00.000Z"],
    ["TZ=UTC 17 * * * *", "2026-11-22T04:21:00Z", "2026-11-22T05:17:00.000Z"],
    ["TZ=UTC 17 * * * *", "2026-11-22T04:16:59Z", "2026-11-22T04:17:00.000Z"],
    ["TZ=UTC 40 2 * * *", "2026-11-22T04:21:00Z", "2026-11-23T02:40:00.000Z"],
    ["*/15 * * * *", "2026-11-22T04:21:00Z", "2026-11-22T04:30:00.000Z"],
    ["0 9 * * 1-5", "2026-11-21T10:00:00Z", "2026-11-23T09:00:00.000Z"], // Saturday → Monday
    ["0 0 1 * *", "2026-11-22T00:00:00Z", "2026-12-01T00:00:00.000Z"],
    ["0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00.000Z"],
    ["0 12 * * 7", "2026-11-22T13:00:00Z", "2026-11-29T12:00:00.000Z"], // 7 is Sunday too
    ["5,35 8-9 * * *", "2026-11-22T08:06:00Z", "2026-11-22T08:35:00.000Z"],
  ])("%s after %s → %s", (expr, after, next) => {
    expect(nextCronTime(parseCron(expr), at(after)).toISOString()).toBe(next);
  });

  it("matches either day field when both are restricted (classic cron)", () => {
    const s = parseCron("0 0 13 * 5");
    expect(cronMatches(s, at("2026-11-13T00:00:00Z"))).toBe(true); // the 13th (a Friday anyway)
    expect(cronMatches(s, at("2026-11-20T00:00:00Z"))).toBe(true); // a Friday
    expect(cronMatches(s, at("2026-11-21T00:00:00Z"))).toBe(false);
  });

  it.each(["* * * *", "61 * * * *", "TZ=Mars/Olympus * * * * *", "a * * * *", "*/0 * * * *"])("refuses %s", (expr) => {
    expect(() => parseCron(expr)).toThrow();
  });

  it("honours a time zone as Inngest does (05:00 in Paris is 04:00 UTC in winter, 03:00 in summer)", () => {
    expect(nextCronTime(parseCron("TZ=Europe/Paris 0 5 1 * *"), at("2026-11-22T00:00:00Z")).toISOString()).toBe(
      "2026-12-01T04:00:00.000Z",
    );
    expect(nextCronTime(parseCron("TZ=Europe/Paris 0 5 1 * *"), at("2027-05-22T00:00:00Z")).toISOString()).toBe(
      "2027-06-01T03:00:00.000Z",
    );
  });

  it("reads every shared schedule", () => {
    for (const expr of Object.values(SCHEDULES)) expect(() => parseCron(expr)).not.toThrow();
  });
});
