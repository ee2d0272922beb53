import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { createBankAccount } from "@/server/services/bank/accounts";

/** The demo's operating bank account (statements import into it), and Northwind paid by Stripe Connect. */
export const DEMO_BANK_IBAN = "US00DEMO0000000001";

export async function seedDemoBanking(db: Db) {
  const actor = systemActor("demo-seed");
  await db.update(creditors).set({ stripeAccountId: "acct_demo_northwind" }).where(eq(creditors.slug, "northwind"));
  await createBankAccount(db, { name: "Operating account", identifier: DEMO_BANK_IBAN, currency: "USD" }, actor);
}
