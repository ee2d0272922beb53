/**
 * Test support for code that talks to QBO: a company seeded in the TEST DOUBLE and a token
 * provider that refreshes against the double's token endpoint (rotation included).
 */
import { oauthEndpointsAt } from "../integrations/qbo/config";
import type { QboDouble } from "../integrations/qbo/double";
import { KeyedLimiter, QBO_LIMITS } from "../integrations/qbo/limiter";
import { type QboOAuthConfig, refreshTokens } from "../integrations/qbo/oauth";
import type { QboTokenProvider } from "../integrations/qbo/types";

/** OAuth settings that point at a running double. */
export function doubleOAuthConfig(
  double: QboDouble,
  redirectUri = "http://clearbook.test/api/integrations/qbo/callback",
): QboOAuthConfig {
  return { ...double.client, redirectUri, ...oauthEndpointsAt(double.url) };
}

/** Tokens minted by the double for `realmId`, refreshed (and rotated) through its token endpoint. */
export function doubleTokenProvider(double: QboDouble, realmId: string) {
  let access = "";
  let refreshToken = "";
  const mint = () => {
    const t = double.issueTokens(realmId);
    access = t.access_token;
    refreshToken = t.refresh_token;
  };
  mint();
  const stats = { refreshes: 0 };
  const provider: QboTokenProvider = {
    getAccessToken: async () => access,
    refresh: async () => {
      stats.refreshes++;
      const set = await refreshTokens(doubleOAuthConfig(double), refreshToken);
      access = set.accessToken;
      refreshToken = set.refreshToken;
      return access;
    },
  };
  return { provider, stats, remint: mint };
}

/** A fresh limiter per test, so one test's queue never slows another. */
export const testLimiter = () => new KeyedLimiter(QBO_LIMITS);

/** Seed one company with two customers and `n` invoices of 100.00 for the first customer. */
export function seedCompany(
  double: QboDouble,
  opts: { realmId?: string; invoices?: number; companyName?: string } = {},
) {
  const realm = double.seedRealm({
    realmId: opts.realmId,
    companyName: opts.companyName ?? "Acme Hardware (double)",
    customers: [{ DisplayName: "Debtor One" }, { DisplayName: "Debtor Two" }],
  });
  const [c1, c2] = realm.customers;
  const invoices = double.addInvoices(
    realm.realmId,
    Array.from({ length: opts.invoices ?? 3 }, (_, i) => ({
      customerId: c1!.Id,
      totalCents: 10_000,
      DocNumber: `INV-${1000 + i}`,
    })),
  );
  return { realmId: realm.realmId, customerId: c1!.Id, otherCustomerId: c2!.Id, invoices };
}
