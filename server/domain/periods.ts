/**
 * Pure calendar rules of the overview: periods, chart buckets and ageing buckets. No database or
 * framework imports, so pages and services share them.
 */

export type Granularity = "day" | "week" | "month";
/** A half-open range of UTC days: `from` inclusive, `to` exclusive (YYYY-MM-DD). */
export type Period = { from: string; to: string };

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
export const toDate = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => toDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY));
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

export const PERIOD_PRESETS = ["30d", "90d", "ytd", "12m"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const PRESET_LABELS: Record<PeriodPreset, string> = {
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  ytd: "Year to date",
  "12m": "Last 12 months",
};

/** The period a preset names, ending with today (UTC) included. */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const to = addDays(today, 1);
  switch (preset) {
    case "30d":
      return { from: addDays(to, -30), to };
    case "90d":
      return { from: addDays(to, -90), to };
    case "ytd":
      return { from: `${today.slice(0, 4)}-01-01`, to };
    case "12m":
      return { from: `${Number(today.slice(0, 4)) - 1}-${today.slice(5, 7)}-01`, to };
  }
}

/** Day buckets for a month or so, weeks up to about half a year, months beyond. */
export function granularityFor(period: Period): Granularity {
  const days = daysBetween(period.from, period.to);
  return days <= 45 ? "day" : days <= 200 ? "week" : "month";
}

/** Start of the bucket holding `date`, as PostgreSQL's date_trunc would give it (weeks start Monday). */
export function bucketStart(date: string, g: Granularity): string {
  if (g === "day") return date;
  if (g === "month") return `${date.slice(0, 7)}-01`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** Every bucket start in the period, so the chart shows empty stretches as zero instead of skipping them. */
export function bucketStarts(period: Period, g: Granularity): string[] {
  const out: string[] = [];
  let b = bucketStart(period.from, g);
  while (b < period.to) {
    out.push(b);
    b = g === "day" ? addDays(b, 1) : g === "week" ? addDays(b, 7) : nextMonth(b);
  }
  return out;
}

/** Each bucket of the period with its own half-open range of days, clipped to the period. */
export function bucketRanges(period: Period, g: Granularity): Array<{ bucket: string; from: string; to: string }> {
  return bucketStarts(period, g).map((bucket) => {
    const end = g === "day" ? addDays(bucket, 1) : g === "week" ? addDays(bucket, 7) : nextMonth(bucket);
    return { bucket, from: bucket < period.from ? period.from : bucket, to: end > period.to ? period.to : end };
  });
}

function nextMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/** Ageing of open placements by days past due. `max` null = no upper bound. */
export const AGEING_BUCKETS = [
  { key: "current", label: "Not yet due", min: null, max: 0 },
  { key: "1-30", label: "1–30 days", min: 1, max: 30 },
  { key: "31-60", label: "31–60 days", min: 31, max: 60 },
  { key: "61-90", label: "61–90 days", min: 61, max: 90 },
  { key: "91-180", label: "91–180 days", min: 91, max: 180 },
  { key: "181+", label: "Over 180 days", min: 181, max: null },
] as const satisfies ReadonlyArray<{ key: string; label: string; min: number | null; max: number | null }>;
export type AgeingBucketKey = (typeof AGEING_BUCKETS)[number]["key"];

/** The due-date range (inclusive) of an ageing bucket on a given day: what the placements list filters on. */
export function ageingDueRange(key: AgeingBucketKey, today: string): { dueFrom?: string; dueTo?: string } {
  const b = AGEING_BUCKETS.find((x) => x.key === key)!;
  return {
    dueFrom: b.max === null ? undefined : addDays(today, -b.max),
    dueTo: b.min === null ? undefined : addDays(today, -b.min),
  };
}

/** Check a period a person typed: real dates, in order, at most five years. Returns a message or null. */
export function periodProblem(p: Period): string | null {
  if (!isDate(p.from) || !isDate(p.to)) return "Dates must be YYYY-MM-DD.";
  if (p.from >= p.to) return "The period must end after it starts.";
  if (daysBetween(p.from, p.to) > 5 * 366) return "Choose a period of at most five years.";
  return null;
}
