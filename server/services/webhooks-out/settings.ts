import { type TokenKey, tokenKeyFromEnv, decryptSecret, encryptSecret } from "@/server/integrations/qbo/crypto";
import type { AddressPolicy } from "@/server/integrations/webhooks-out/ssrf";
import { env } from "@/server/env";

/** What the webhook services need from the environment; tests pass their own. */
export type WebhookDeps = {
  /** Seals signing secrets at rest (the same key as QuickBooks tokens, with its own context). */
  key: TokenKey;
  policy: AddressPolicy;
  timeoutMs: number;
  disableAfterMs: number;
};

/** The webhook settings from the environment (WEBHOOKS_ALLOW_LOOPBACK, WEBHOOK_DISABLE_AFTER_HOURS). */
export function webhookDepsFromEnv(overrides: Partial<WebhookDeps> = {}): WebhookDeps {
  const e = env();
  const base = {
    policy: { allowLoopback: e.WEBHOOKS_ALLOW_LOOPBACK },
    timeoutMs: 10_000,
    disableAfterMs: e.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000,
    ...overrides,
  };
  if (overrides.key) return base as WebhookDeps;
  // Read when a secret is sealed or opened: a job pass with nothing to sign needs no key.
  return Object.defineProperty(base, "key", { get: tokenKeyFromEnv, enumerable: true }) as WebhookDeps;
}

const context = (endpointId: string) => `webhook-secret:${endpointId}`;
export const sealSecret = (d: WebhookDeps, endpointId: string, secret: string) =>
  encryptSecret(secret, d.key, context(endpointId));
export const openSecret = (d: WebhookDeps, endpointId: string, sealed: string) =>
  decryptSecret(sealed, d.key, context(endpointId));
