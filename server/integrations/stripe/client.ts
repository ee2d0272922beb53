import Stripe from "stripe";
import { env } from "@/server/env";
import { STRIPE_API_VERSION } from "./api-version";

export type StripeClientOptions = {
  secretKey: string;
  /** Where the API lives; only set for a local double (e.g. http://127.0.0.1:12111). */
  apiBase?: string;
  timeoutMs?: number;
  maxNetworkRetries?: number;
};

/**
 * A stripe-node client. stripe-node v22+ has no per-request host, so a local double is reached by
 * splitting STRIPE_API_BASE into host, port and protocol here.
 */
export function createStripeClient(opts: StripeClientOptions): Stripe {
  const config: ConstructorParameters<typeof Stripe>[1] = {
    // Pinned, not the account's default: responses must have the shapes this code reads.
    apiVersion: STRIPE_API_VERSION,
    timeout: opts.timeoutMs ?? 20_000,
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    appInfo: { name: "clearbook" },
  };
  if (opts.apiBase) {
    const url = new URL(opts.apiBase);
    const protocol = url.protocol === "http:" ? "http" : "https";
    config.host = url.hostname;
    config.port = url.port ? Number(url.port) : protocol === "http" ? 80 : 443;
    config.protocol = protocol;
  }
  return new Stripe(opts.secretKey, config);
}

/** The configured client, or null when no STRIPE_SECRET_KEY is set (API look-ups are then skipped). */
export function stripeFromEnv(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  return createStripeClient({ secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE });
}
