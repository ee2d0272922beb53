import { env } from "@/server/env";

/** Where the OAuth redirect lands: app/api/qbo/oauth/callback/route.ts. */
export const QBO_CALLBACK_PATH = "/api/qbo/oauth/callback";
export const QBO_SCOPE_ACCOUNTING = "com.intuit.quickbooks.accounting";

export type QboEndpoints = {
  apiBase: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
};

const INTUIT = {
  production: "https://quickbooks.api.intuit.com",
  sandbox: "https://sandbox-quickbooks.api.intuit.com",
  authorize: "https://appcenter.intuit.com/connect/oauth2",
  token: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
  revoke: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
};

/** OAuth endpoints on one base, laid out like Intuit's (what the test double serves). */
export function oauthEndpointsAt(base: string): Omit<QboEndpoints, "apiBase"> {
  const b = base.replace(/\/+$/, "");
  return {
    authorizeUrl: `${b}/connect/oauth2`,
    tokenUrl: `${b}/oauth2/v1/tokens/bearer`,
    revokeUrl: `${b}/v2/oauth2/tokens/revoke`,
  };
}

/**
 * Endpoints for QBO_ENVIRONMENT: production, sandbox (Intuit's hosts, overridable), or `double`
 * (the local test double: QBO_API_BASE is required and also serves OAuth unless QBO_OAUTH_BASE says otherwise).
 */
export function qboEndpointsFromEnv(): QboEndpoints {
  const e = env();
  if (e.QBO_ENVIRONMENT === "double") {
    if (!e.QBO_API_BASE)
      throw new Error("QBO_ENVIRONMENT=double needs QBO_API_BASE (the URL of the QuickBooks test double).");
    return { apiBase: e.QBO_API_BASE, ...oauthEndpointsAt(e.QBO_OAUTH_BASE ?? e.QBO_API_BASE) };
  }
  const apiBase = e.QBO_API_BASE ?? INTUIT[e.QBO_ENVIRONMENT];
  const oauth = e.QBO_OAUTH_BASE
    ? oauthEndpointsAt(e.QBO_OAUTH_BASE)
    : { authorizeUrl: INTUIT.authorize, tokenUrl: INTUIT.token, revokeUrl: INTUIT.revoke };
  return { apiBase, ...oauth };
}

/** The app's OAuth client credentials and redirect URI; the double accepts its own defaults. */
export function qboAppCredentialsFromEnv(): { clientId: string; clientSecret: string; redirectUri: string } {
  const e = env();
  const isDouble = e.QBO_ENVIRONMENT === "double";
  const clientId = e.QBO_CLIENT_ID ?? (isDouble ? DOUBLE_CLIENT.clientId : undefined);
  const clientSecret = e.QBO_CLIENT_SECRET ?? (isDouble ? DOUBLE_CLIENT.clientSecret : undefined);
  if (!clientId || !clientSecret)
    throw new Error("QuickBooks is not configured: set QBO_CLIENT_ID and QBO_CLIENT_SECRET.");
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return { clientId, clientSecret, redirectUri: `${appUrl}${QBO_CALLBACK_PATH}` };
}

/** The webhook verifier token (per app, not the client secret). */
export function qboWebhookVerifierFromEnv(): string | undefined {
  const e = env();
  return e.QBO_WEBHOOK_VERIFIER_TOKEN ?? (e.QBO_ENVIRONMENT === "double" ? DOUBLE_CLIENT.verifierToken : undefined);
}

/** Credentials the test double accepts unless told otherwise. Not secrets: the double is local. */
export const DOUBLE_CLIENT = {
  clientId: "double-client-id",
  clientSecret: "double-client-secret",
  verifierToken: "double-webhook-verifier-token",
} as const;
