import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { createFunctions } from "@/inngest/functions";
import { getDb } from "@/server/db";
import { inngestServable } from "@/server/jobs/mode";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Inngest calls the app's functions here (dev server, Inngest Cloud or self-hosted). Used only
 * when server/jobs/mode.ts selects Inngest; otherwise the in-process runner does the same work.
 */
const served = serve({ client: inngest, functions: createFunctions({ db: getDb }) });

type Handler = typeof served.GET;
const notConfigured = () =>
  Response.json(
    {
      error:
        "Inngest is not configured here (no INNGEST_SIGNING_KEY or INNGEST_DEV): background jobs run in process. See README, Background jobs.",
    },
    { status: 404, headers: { "cache-control": "no-store" } },
  );
// Decided per request: the environment is read (and validated) at run time, not at build time.
const onlyWhenServable =
  (handle: Handler): Handler =>
  (...args) =>
    inngestServable() ? handle(...args) : Promise.resolve(notConfigured());

export const GET = onlyWhenServable(served.GET);
export const POST = onlyWhenServable(served.POST);
export const PUT = onlyWhenServable(served.PUT);
