import { describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { jobsMode } from "./mode";

const base = { CLEARBOOK_JOBS: "auto" } as Env;
const e = (patch: Partial<Env>) => ({ ...base, ...patch }) as Env;

describe("jobsMode (the one place the executor is chosen)", () => {
  it.each([
    ["nothing configured → in process", {}, "in-process"],
    ["an event key → Inngest", { INNGEST_EVENT_KEY: "evt" }, "inngest"],
    ["a signing key → Inngest", { INNGEST_SIGNING_KEY: "signkey-prod-abc" }, "inngest"],
    ["INNGEST_DEV=1 → Inngest dev server", { INNGEST_DEV: "1" }, "inngest"],
    ["INNGEST_DEV as the dev server URL → Inngest", { INNGEST_DEV: "http://localhost:8288" }, "inngest"],
    ["INNGEST_DEV=0 → in process", { INNGEST_DEV: "0" }, "in-process"],
    ["INNGEST_DEV=false → in process", { INNGEST_DEV: "false" }, "in-process"],
    ["forced in process despite keys", { CLEARBOOK_JOBS: "in-process", INNGEST_EVENT_KEY: "evt" }, "in-process"],
    ["forced Inngest", { CLEARBOOK_JOBS: "inngest" }, "inngest"],
    ["off", { CLEARBOOK_JOBS: "off", INNGEST_DEV: "1" }, "off"],
  ] as Array<[string, Partial<Env>, string]>)("%s", (_n, patch, kind) => {
    const mode = jobsMode(e(patch));
    expect(mode.kind).toBe(kind);
    expect(mode.reason.length).toBeGreaterThan(5);
  });
});
