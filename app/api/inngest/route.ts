import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { createFunctions } from "@/inngest/functions";
import { getDb } from "@/server/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Inngest calls the app's functions here (dev server, Inngest Cloud or self-hosted). Used only
 * when server/jobs/mode.ts selects Inngest; otherwise the in-process runner does the same work.
 */
export const { GET, POST, PUT } = serve({ client: inngest, functions: createFunctions({ db: getDb }) });
