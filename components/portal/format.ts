import { formatMinor, formatMoney } from "@/server/domain/money";

/** Money for display: minor units + currency → "$1,234.50". The only place the portal formats amounts. */
export function money(minor: bigint, currency: string): string {
  return formatMoney(minor, currency);
}

/** A plotted value: minor units → major units as a float. For charts only, never for arithmetic. */
export function plotValue(minor: bigint, currency: string): number {
  return Number(formatMinor(minor, currency));
}

/** Compact axis label, e.g. "$12k". */
export function compactMoney(value: number, currency: string): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(value);
}

/** Basis points → "22.5%". */
export function rate(bps: number): string {
  return `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
}

// Dates render in UTC on server and client alike, so hydration never disagrees with the server's HTML.
const dateFmt = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "Mar 5, 2026" from a Date or a YYYY-MM-DD string. */
export function day(d: Date | string): string {
  return dateFmt.format(typeof d === "string" ? new Date(`${d}T00:00:00Z`) : d);
}

/** "Mar 5, 2026, 14:05 UTC". */
export function dateTime(d: Date): string {
  return `${dateTimeFmt.format(d)} UTC`;
}

/** Age in whole days, "today" / "1 day" / "12 days". */
export function age(days: number): string {
  return days <= 0 ? "today" : days === 1 ? "1 day" : `${days.toLocaleString("en-US")} days`;
}

/** Time elapsed in the largest unit that fits: "40 s", "12 min", "5 h", "3 days". */
export function elapsed(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)} h`;
  return age(Math.floor(seconds / 86_400));
}

/** "a1b2c3d4" — the first block of a UUID, for compact references. */
export const shortId = (id: string) => id.slice(0, 8);

/** Title-case an enum value: "closed_uncollected" → "Closed uncollected". */
export function humanize(value: string): string {
  const s = value.replace(/[_.]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
