import {
  isDate,
  presetPeriod,
  toDate,
  PERIOD_PRESETS,
  periodProblem,
  type Period,
  type PeriodPreset,
} from "@/server/domain/periods";
import { oneOf, type Get } from "./list-params";

export const DEFAULT_PRESET: PeriodPreset = "90d";

/** The period the URL asks for: `?period=30d`, or `?from=…&to=…` (to exclusive); the default otherwise. */
export function periodFromParams(get: Get, now = new Date()): { period: Period; active: PeriodPreset | "custom" } {
  const from = get("from");
  const to = get("to");
  if (from && to && isDate(from) && isDate(to) && !periodProblem({ from, to }))
    return { period: { from, to }, active: "custom" };
  const preset = oneOf(get("period"), PERIOD_PRESETS) ?? DEFAULT_PRESET;
  return { period: presetPeriod(preset, toDate(now)), active: preset };
}
