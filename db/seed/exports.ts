import type { Db } from "@/db/client";
import { systemActor } from "@/server/domain/actor";
import { appExportFiles } from "@/server/services/exports/app-files";
import { createExport } from "@/server/services/exports/exports";
import { runExportJobs } from "@/server/services/exports/render";
import type { DemoSummary } from "./demo";

/** The demo's export history: a remittances CSV and a QuickBooks bank file for the first creditor, rendered into the file store. */
export async function seedDemoExports(db: Db, summary: DemoSummary, retentionDays = 7) {
  const first = summary.creditors[0];
  if (!first) return { exports: 0 };
  const scope = { kind: "creditor" as const, creditorId: first.id };
  const actor = systemActor("demo-seed");
  await createExport(db, scope, { type: "remittances", format: "csv", filters: {}, includeBom: true }, actor);
  await createExport(db, scope, { type: "remittances", format: "qbo_bank_csv", filters: {} }, actor);
  let rendered = 0;
  for (let r = await runExportJobs(db, appExportFiles(), { retentionDays }); r.rendered > 0;) {
    rendered += r.rendered;
    r = await runExportJobs(db, appExportFiles(), { retentionDays });
  }
  return { exports: rendered };
}
