/**
 * Test and benchmark support for the QuickBooks jobs: a creditor connected to a company in the
 * TEST DOUBLE (tokens minted by the double, sealed like real ones), placements linked to invoices
 * there, and deps that point the services at the double.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { placements, qboConnections, qboPaymentMappings } from "@/db/schema";
import { type TokenKey, parseTokenKey } from "@/server/integrations/qbo/crypto";
import type { QboDouble } from "@/server/integrations/qbo/double";
import { sealTokenSet } from "@/server/integrations/qbo/token-seal";
import { writebackRequestId } from "@/server/integrations/qbo/payment-body";
import { doubleOAuthConfig, testLimiter } from "./qbo";
import { recordAudit } from "@/server/services/audit/record";
import type { QboDeps } from "@/server/services/qbo/connections";
import { makePlacement } from "./factories";

export const testTokenKey = (): TokenKey => parseTokenKey(randomBytes(32).toString("hex"));

/** Services pointed at the double, with a fresh limiter and fast (or no) transport retries. */
export function doubleDeps(
  double: QboDouble,
  opts: { key?: TokenKey; maxAttempts?: number; timeoutMs?: number } = {},
): QboDeps {
  return {
    key: opts.key ?? testTokenKey(),
    oauth: doubleOAuthConfig(double),
    apiBase: double.url,
    client: {
      limiter: testLimiter(),
      timeoutMs: opts.timeoutMs ?? 5_000,
      retry: { maxAttempts: opts.maxAttempts ?? 4, baseDelayMs: 5, maxDelayMs: 20 },
    },
  };
}

/** Store a `connected` row for the creditor with tokens the double minted for `realmId`. */
export async function connectToDouble(
  db: Db,
  double: QboDouble,
  p: { creditorId: string; realmId: string; key: TokenKey; companyName?: string },
) {
  const t = double.issueTokens(p.realmId);
  const now = new Date();
  const sealed = sealTokenSet(
    p.creditorId,
    {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      accessTokenExpiresAt: new Date(now.getTime() + t.expires_in * 1000),
      refreshTokenExpiresAt: new Date(now.getTime() + t.x_refresh_token_expires_in * 1000),
    },
    p.key,
  );
  const values = {
    realmId: p.realmId,
    companyName: p.companyName ?? null,
    status: "connected" as const,
    statusReason: null,
    ...sealed,
    connectedAt: now,
    lastRefreshedAt: now,
    updatedAt: now,
  };
  await db
    .insert(qboConnections)
    .values({ creditorId: p.creditorId, ...values, tokenVersion: 1 })
    .onConflictDoUpdate({ target: qboConnections.creditorId, set: values });
}

/** A company in the double with one customer per placement, and placements linked to its invoices. */
export async function linkedPlacements(
  db: Db,
  double: QboDouble,
  p: { creditorId: string; realmId?: string; count: number; amount?: bigint; companyName?: string },
) {
  const realm = double.seedRealm({ realmId: p.realmId, companyName: p.companyName ?? "Linked Books (double)" });
  const out: Array<{ placementId: string; invoiceId: string; customerId: string; invoiceNumber: string }> = [];
  for (let i = 0; i < p.count; i++) {
    const placement = await makePlacement(db, p.creditorId, { amount: p.amount ?? 100_000n });
    const customer = double.addCustomer(realm.realmId, { DisplayName: `Debtor of ${placement.invoiceNumber}` });
    const [inv] = double.addInvoices(realm.realmId, [
      { customerId: customer.Id, totalCents: Number(p.amount ?? 100_000n), DocNumber: placement.invoiceNumber },
    ]);
    await db.update(placements).set({ qboInvoiceId: inv!.Id }).where(eq(placements.id, placement.id));
    out.push({
      placementId: placement.id,
      invoiceId: inv!.Id,
      customerId: customer.Id,
      invoiceNumber: placement.invoiceNumber,
    });
  }
  return { realmId: realm.realmId, placements: out };
}

/**
 * QuickBooks rows for the tRPC isolation suite (no QBO calls): a connection without tokens, a
 * failed writeback for the tenant's payment, and a sync-log event. Returns ids that must never
 * reach another creditor.
 */
export async function seedQboIsolationRows(
  db: Db,
  p: { creditorId: string; placementId: string; paymentAttemptId: string; amount: bigint; tag: string },
) {
  const realmId = `iso-realm-${p.tag}`;
  await db.insert(qboConnections).values({
    creditorId: p.creditorId,
    realmId,
    companyName: `Books ${p.tag}`,
    status: "connected",
    connectedAt: new Date(),
  });
  const [m] = await db
    .insert(qboPaymentMappings)
    .values({
      paymentAttemptId: p.paymentAttemptId,
      placementId: p.placementId,
      creditorId: p.creditorId,
      realmId,
      qboInvoiceId: `inv-${p.tag}`,
      amount: p.amount,
      currency: "USD",
      requestId: writebackRequestId(p.paymentAttemptId),
      status: "failed",
      attempts: 1,
      lastError: `Refused for ${p.tag}`,
      nextAttemptAt: new Date(Date.now() + 3_600_000),
    })
    .returning({ id: qboPaymentMappings.id });
  await recordAudit(db, {
    actor: { type: "job", id: "isolation-fixture" },
    action: "qbo.writeback.failed",
    category: "qbo",
    creditorId: p.creditorId,
    targetType: "qbo_payment_mapping",
    targetId: m!.id,
    details: {
      placementId: p.placementId,
      message: `Refused for ${p.tag}`,
      amount: p.amount,
      currency: "USD",
      attempts: 1,
    },
  });
  return { mappingId: m!.id, markers: [m!.id, realmId, `Books ${p.tag}`, `inv-${p.tag}`] };
}
