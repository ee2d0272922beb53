import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";

/** One count of work waiting for a job, for the back-office jobs panel. */
export type BacklogItem = {
  system: "QuickBooks" | "Stripe";
  key: string;
  label: string;
  count: number;
  attention: boolean;
};

/** Statuses that need a person rather than time: failed writebacks, failed or dead outbox rows, failed events. */
const ATTENTION = new Set(["failed", "dead"]);

const OUTBOX_LABELS: Record<string, string> = {
  "qbo.writeback": "QuickBooks writebacks in the outbox",
  "qbo.reverse-payment": "QuickBooks payment reversals in the outbox",
  "stripe.transfer": "Stripe transfers in the outbox",
};

/**
 * Work waiting for the jobs, both systems: outbox rows not yet done (by topic and status),
 * QuickBooks payment mappings not posted, stored QuickBooks webhooks not yet processed, and Stripe
 * events parked (waiting for their payment) or failed. Zero counts are left out.
 */
export async function jobsBacklog(db: Db): Promise<BacklogItem[]> {
  const rows = await queryRows<{ source: string; kind: string; status: string; n: number }>(
    db,
    sql`
    select 'outbox' as source, topic as kind, status::text as status, count(*)::int as n from outbox where status <> 'done' group by topic, status
    union all select 'mapping', 'qbo.mapping', status::text, count(*)::int from qbo_payment_mappings where status <> 'posted' group by status
    union all select 'webhook', 'qbo.webhook', status::text, count(*)::int from qbo_webhook_events where status in ('received', 'failed') group by status
    union all select 'stripe_event', 'stripe.event', status::text, count(*)::int from stripe_events where status in ('received', 'parked', 'failed') group by status`,
  );
  return rows
    .map((r): BacklogItem => {
      const status = r.status.replace(/_/g, " ");
      const system = r.kind.startsWith("stripe.") ? "Stripe" : "QuickBooks";
      const what =
        r.source === "outbox"
          ? (OUTBOX_LABELS[r.kind] ?? `Outbox ${r.kind}`)
          : r.source === "mapping"
            ? "QuickBooks payments"
            : r.source === "webhook"
              ? "QuickBooks webhooks"
              : "Stripe events";
      return {
        system,
        key: `${r.source}:${r.kind}:${r.status}`,
        label: `${what}: ${status}`,
        count: Number(r.n),
        attention: ATTENTION.has(r.status),
      };
    })
    .sort(
      (a, b) =>
        a.system.localeCompare(b.system) || Number(b.attention) - Number(a.attention) || a.label.localeCompare(b.label),
    );
}
