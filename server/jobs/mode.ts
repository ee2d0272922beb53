import { type Env, env } from "@/server/env";

export type JobsModeKind = "inngest" | "in-process" | "off";
export type JobsMode = { kind: JobsModeKind; reason: string };

/**
 * Who runs background jobs — decided here and nowhere else. Inngest (dev server, Inngest Cloud or
 * self-hosted) when it is configured: an event key or signing key, or INNGEST_DEV for the local dev
 * server. With none configured, the in-process runner drains the same outbox and runs the same
 * schedules inside the Next server, so a demo or a single-machine install works offline.
 * CLEARBOOK_JOBS forces a choice (`off`: this process runs no jobs, e.g. a second web replica).
 */
export function jobsMode(e: Env = env()): JobsMode {
  if (e.CLEARBOOK_JOBS === "off")
    return { kind: "off", reason: "CLEARBOOK_JOBS=off: this process runs no background jobs" };
  if (e.CLEARBOOK_JOBS === "inngest") return { kind: "inngest", reason: "CLEARBOOK_JOBS=inngest" };
  if (e.CLEARBOOK_JOBS === "in-process") return { kind: "in-process", reason: "CLEARBOOK_JOBS=in-process" };
  if (e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY)
    return { kind: "inngest", reason: "Inngest keys are configured (INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY)" };
  if (isTruthy(e.INNGEST_DEV))
    return { kind: "inngest", reason: `INNGEST_DEV=${e.INNGEST_DEV}: the Inngest dev server runs the functions` };
  return {
    kind: "in-process",
    reason: "No Inngest server configured: the in-process runner drains the outbox and runs the schedules",
  };
}

/**
 * Whether /api/inngest can serve at all: a signing key (Inngest Cloud or self-hosted) or the dev
 * server. Without either, Inngest's handler answers every call with a 500 (no signing key in cloud
 * mode); the route answers 404 instead, as for a route that is not there.
 */
export function inngestServable(e: Env = env()): boolean {
  return Boolean(e.INNGEST_SIGNING_KEY) || isTruthy(e.INNGEST_DEV);
}

// INNGEST_DEV may be "1", "true" or the dev server's URL; "0"/"false" mean off.
const isTruthy = (v: string | undefined) => v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
