import { Cron } from "croner";

/**
 * The runner's reading of the schedule strings Inngest reads (`TZ=Europe/Paris 0 5 1 * *`): five
 * cron fields plus an optional `TZ=`/`CRON_TZ=` prefix, evaluated by croner with classic cron's
 * day rule (when both day fields are restricted, either may match), so a schedule fires at the
 * same instant under both executors.
 */
export type CronSchedule = { expression: string; cron: Cron };

/** Parse a schedule such as `TZ=UTC 0 2 * * *`. Throws on anything croner cannot honour exactly. */
export function parseCron(expression: string): CronSchedule {
  let body = expression.trim();
  let timezone = "UTC";
  const tz = /^(?:TZ|CRON_TZ)=(\S+)\s+/.exec(body);
  if (tz) {
    timezone = tz[1]!;
    body = body.slice(tz[0].length);
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    } catch {
      throw new Error(`cron time zone ${JSON.stringify(timezone)} is not an IANA time zone`);
    }
  }
  // Inngest reads five fields; croner would also take a seconds field, which Inngest would not.
  if (body.split(/\s+/).length !== 5) throw new Error(`cron ${JSON.stringify(expression)} must have five fields`);
  // paused: the runner asks for the next time, croner never runs anything itself.
  const cron = new Cron(body, { timezone, paused: true, domAndDow: false });
  return { expression, cron };
}

/** Does the schedule fire in the minute that contains `at`? */
export function cronMatches(s: CronSchedule, at: Date): boolean {
  const minute = new Date(at.getTime());
  minute.setUTCSeconds(0, 0);
  return s.cron.match(minute);
}

/** The first minute strictly after `after` at which the schedule fires. */
export function nextCronTime(s: CronSchedule, after: Date): Date {
  const next = s.cron.nextRun(after);
  if (!next) throw new Error(`cron ${s.expression} never fires`);
  return next;
}
