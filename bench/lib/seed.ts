import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { creditorRates, creditors, debtors, placements } from "@/db/schema";

/** Creditors and open placements, inserted in bulk (the benchmark measures webhooks, not intake). */
export async function seedPlacements(db: Db, count: number, creditorCount = 20): Promise<string[]> {
  const creds = Array.from({ length: creditorCount }, (_, i) => ({
    id: randomUUID(),
    name: `Bench creditor ${i}`,
    slug: `bench-${i}-${randomUUID().slice(0, 6)}`,
    defaultCurrency: "USD",
    contingencyRateBps: 2000 + i * 25,
  }));
  await db.insert(creditors).values(creds);
  await db.insert(creditorRates).values(
    creds.map((c) => ({
      creditorId: c.id,
      rateBps: c.contingencyRateBps,
      effectiveFrom: new Date("2020-01-01T00:00:00Z"),
      createdBy: "bench",
    })),
  );
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start);
    const batch = Array.from({ length: n }, (_, k) => {
      const c = creds[(start + k) % creds.length]!;
      return {
        debtor: { id: randomUUID(), creditorId: c.id, name: `Debtor ${start + k}` },
        placement: {
          id: randomUUID(),
          creditorId: c.id,
          invoiceNumber: `BENCH-${start + k}`,
          invoiceAmount: 1_000_000n,
          currency: "USD",
          dueDate: "2026-01-15",
        },
      };
    });
    await db.insert(debtors).values(batch.map((b) => b.debtor));
    await db.insert(placements).values(batch.map((b) => ({ ...b.placement, debtorId: b.debtor.id })));
    ids.push(...batch.map((b) => b.placement.id));
  }
  return ids;
}
