/**
 * Statement periods: calendar months in the agency's time zone. A period is "YYYY-MM"; its bounds
 * are the instants of local midnight on the 1st of that month and of the next one, so a statement
 * covers [start, end) whatever the zone's offset or daylight-saving rules. Pure: Intl only.
 */

/** A calendar month, "YYYY-MM". */
export type Period = string;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True when `s` is a well-formed period such as "2026-11". */
export const isPeriod = (s: string): boolean => PERIOD.test(s);

/** The year and month of a period; throws naming the bad text. */
export function parsePeriod(period: string): { year: number; month: number } {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`Invalid period ${JSON.stringify(period)}: write the month as YYYY-MM, e.g. 2026-11.`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

const format = (year: number, month: number) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;

/** The month after `period`. */
export function nextPeriod(period: Period): Period {
  const { year, month } = parsePeriod(period);
  return month === 12 ? format(year + 1, 1) : format(year, month + 1);
}

/** The month before `period`. */
export function previousPeriod(period: Period): Period {
  const { year, month } = parsePeriod(period);
  return month === 1 ? format(year - 1, 12) : format(year, month - 1);
}

/** True when `zone` is an IANA time zone this runtime knows ("UTC", "America/New_York"…). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of `at` in `zone`. */
export function wallClock(at: Date, zone: string) {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far `zone` is ahead of UTC at instant `ms`, in milliseconds. */
function offsetMs(ms: number, zone: string): number {
  const w = wallClock(new Date(ms), zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (ms % 1000));
}

/** The instant of local midnight on `year-month-01` in `zone` (offset re-checked once for a DST change between guesses). */
function localMonthStart(year: number, month: number, zone: string): Date {
  const naive = Date.UTC(year, month - 1, 1);
  let at = naive - offsetMs(naive, zone);
  const again = naive - offsetMs(at, zone);
  if (again !== at) at = again;
  return new Date(at);
}

/** The instants a period covers in `zone`: `start` inclusive, `end` exclusive. */
export function periodBounds(period: Period, zone: string): { start: Date; end: Date } {
  const { year, month } = parsePeriod(period);
  const next = parsePeriod(nextPeriod(period));
  return { start: localMonthStart(year, month, zone), end: localMonthStart(next.year, next.month, zone) };
}

/** The period holding instant `at` in `zone`. */
export function periodOf(at: Date, zone: string): Period {
  const w = wallClock(at, zone);
  return format(w.year, w.month);
}

/** Periods from `from` to `to`, both included, in order (empty when `from` is after `to`). */
export function periodsBetween(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

/** "November 2026". */
export function periodLabel(period: Period): string {
  const { year, month } = parsePeriod(period);
  return new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}
