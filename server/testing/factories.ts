import type { Db } from "@/db/client";
import { createCreditor } from "@/server/services/creditors/creditors";
import { createPlacement } from "@/server/services/placements/placements";
import { systemActor } from "@/server/domain/actor";

let seq = 0;

/** A creditor with a contingency rate, for tests. */
export async function makeCreditor(
  db: Db,
  opts: { rateBps?: number; currency?: string; name?: string; effectiveFrom?: Date } = {},
) {
  seq += 1;
  const slug = `${(opts.name ?? "creditor").toLowerCase().replace(/\W+/g, "-")}-${seq}-${Math.random().toString(36).slice(2, 7)}`;
  return createCreditor(
    db,
    {
      name: opts.name ?? `Creditor ${seq}`,
      slug,
      defaultCurrency: opts.currency ?? "USD",
      contingencyRateBps: opts.rateBps ?? 2500,
      effectiveFrom: opts.effectiveFrom ?? new Date("2020-01-01T00:00:00Z"),
    },
    systemActor("test"),
  );
}

/** A placement of `amount` minor units for a creditor, for tests. */
export async function makePlacement(
  db: Db,
  creditorId: string,
  opts: { amount?: bigint; currency?: string; dueDate?: string; invoiceNumber?: string } = {},
) {
  seq += 1;
  return createPlacement(
    db,
    creditorId,
    {
      invoiceNumber: opts.invoiceNumber ?? `INV-${seq}-${Math.random().toString(36).slice(2, 8)}`,
      invoiceAmount: opts.amount ?? 100_000n,
      currency: opts.currency ?? "USD",
      dueDate: opts.dueDate ?? "2026-01-15",
      debtor: { name: `Debtor ${seq}`, email: `debtor${seq}@example.test` },
    },
    systemActor("test"),
  );
}
