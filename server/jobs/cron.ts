/**
 * The subset of cron the in-process runner needs to honour the same schedule strings Inngest
 * reads: five fields (minute hour day-of-month month day-of-week), `*`, lists, ranges and steps,
 * and an optional `TZ=UTC ` prefix. Only UTC is supported (schedules are declared in UTC), so a
 * schedule means the same instant under both executors.
 */
type Field = { min: number; max: number };
const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 }, // 0 and 7 are both Sunday
];

export type CronSchedule = { expression: string; sets: Array<Set<number>>; domStar: boolean; dowStar: boolean };

function parseField(text: string, f: Field, name: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`cron ${name} field ${JSON.stringify(text)} is not supported`);
    const [, range = "*", stepText] = m;
    const step = stepText ? Number(stepText) : 1;
    const bounds = range === "*" ? [f.min, name === "day-of-week" ? 6 : f.max] : range.split("-").map(Number);
    const lo = bounds[0]!;
    const hi = bounds[1] ?? (stepText ? f.max : lo);
    if (step < 1 || lo < f.min || hi > f.max || lo > hi)
      throw new Error(`cron ${name} field ${JSON.stringify(text)} is out of range ${f.min}-${f.max}`);
    for (let v = lo; v <= hi; v += step) out.add(name === "day-of-week" && v === 7 ? 0 : v);
  }
  return out;
}

/** Parse a schedule such as `TZ=UTC 0 2 * * *`. Throws on anything it cannot honour exactly. */
export function parseCron(expression: string): CronSchedule {
  let body = expression.trim();
  const tz = /^(?:TZ|CRON_TZ)=(\S+)\s+/.exec(body);
  if (tz) {
    if (tz[1] !== "UTC" && tz[1] !== "Etc/UTC")
      throw new Error(`cron time zone ${tz[1]} is not supported by the in-process runner; declare schedules in UTC`);
    body = body.slice(tz[0].length);
  }
  const parts = body.split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron ${JSON.stringify(expression)} must have five fields`);
  const names = ["minute", "hour", "day-of-month", "month", "day-of-week"];
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!, names[i]!));
  return { expression, sets, domStar: parts[2] === "*", dowStar: parts[4] === "*" };
}

/** Does the schedule fire in the minute that contains `at` (UTC)? */
export function cronMatches(s: CronSchedule, at: Date): boolean {
  const [min, hour, dom, month, dow] = s.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (!min.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours()) || !month.has(at.getUTCMonth() + 1)) return false;
  const domOk = dom.has(at.getUTCDate());
  const dowOk = dow.has(at.getUTCDay());
  // Classic cron: when both day fields are restricted, either may match.
  if (!s.domStar && !s.dowStar) return domOk || dowOk;
  return domOk && dowOk;
}

/** The first minute strictly after `after` at which the schedule fires. */
export function nextCronTime(s: CronSchedule, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  // Four years of minutes bounds the search (covers Feb 29 schedules).
  for (let i = 0; i < 4 * 366 * 24 * 60; i++) {
    if (cronMatches(s, t)) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  throw new Error(`cron ${s.expression} never fires`);
}
