import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { stripeFromEnv } from "@/server/integrations/stripe/client";
import { type StripeObjectSource, stripeObjectSource } from "@/server/integrations/stripe/objects";
import type { QboDeps } from "@/server/services/qbo/connections";
import { appExportFiles } from "@/server/services/exports/app-files";
import type { ExportFiles } from "@/server/services/exports/files";
import { type WebhookDeps, webhookDepsFromEnv } from "@/server/services/webhooks-out/settings";

/** What jobs need from the outside, whichever executor runs them. Tests pass a test database and the QBO and Stripe doubles. */
export type JobDeps = {
  db: () => Promise<Db>;
  /** QuickBooks endpoints, keys and transport options; unset → from the environment. */
  qbo?: QboDeps;
  /** The Stripe API (object look-ups, transfers); unset → from STRIPE_SECRET_KEY; null → none, and Stripe jobs report skipped. */
  stripe?: Stripe | null;
  now?: () => Date;
  /** The file store exports write to; unset → the app's file store. */
  exportFiles?: ExportFiles;
  /** Outbound webhook settings; unset → from the environment. */
  webhooks?: WebhookDeps;
};

/** The file store for exports. */
export const exportFilesFor = (d: JobDeps): ExportFiles => d.exportFiles ?? appExportFiles();

/** Outbound webhook settings. */
export const webhooksFor = (d: JobDeps): WebhookDeps => d.webhooks ?? webhookDepsFromEnv();

/** The Stripe client a job uses, or null when no key is configured. */
export const stripeFor = (d: JobDeps): Stripe | null => (d.stripe === undefined ? stripeFromEnv() : d.stripe);

/** Reads of Stripe objects for the parked-event resolver, or null when no key is configured. */
export function stripeSourceFor(d: JobDeps): StripeObjectSource | null {
  const stripe = stripeFor(d);
  return stripe ? stripeObjectSource(stripe) : null;
}
