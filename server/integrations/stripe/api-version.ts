import type Stripe from "stripe";

/**
 * The Stripe API version Clearbook is written against: the one stripe-node 23.1.0 pins and types
 * (`ApiVersion` in the package). The client sends it on every request, and the webhook endpoint
 * must be created with it (`api_version` on POST /v1/webhook_endpoints, or the Dashboard's
 * version picker), because an event's `data.object` is rendered at the endpoint's version.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

/** The date part of a version (`2022-11-15`, `2024-09-30.acacia` → `2024-09-30`); versions sort by it. */
const versionDate = (v: string) => /^(\d{4}-\d{2}-\d{2})(?:\.[a-z]+)?$/.exec(v)?.[1];

/**
 * Whether an event rendered at `apiVersion` can be applied, and how. Older versions differ in
 * shapes we read; the differences that matter are handled where they are read (see
 * `chargeIdOfPaymentIntent`), and refund.* events fire for every refund only from
 * 2024-10-28.acacia (before that a `charge.refunded` may wait for refund events that never come:
 * it becomes a work item after the parked wait). A NEWER version than ours may have moved fields we
 * rely on, and a missing or malformed version says nothing: those are refused visibly.
 */
export function apiVersionProblem(apiVersion: string | null | undefined): string | null {
  if (apiVersion === STRIPE_API_VERSION) return null;
  const ours = versionDate(STRIPE_API_VERSION)!;
  if (!apiVersion)
    return `the event carries no api_version, so its shape is unknown; recreate the webhook endpoint with api_version ${STRIPE_API_VERSION}`;
  const theirs = versionDate(apiVersion);
  if (!theirs)
    return `api_version ${JSON.stringify(apiVersion).slice(0, 80)} is not a Stripe API version; recreate the webhook endpoint with api_version ${STRIPE_API_VERSION}`;
  if (theirs > ours)
    return `the event was rendered at API version ${apiVersion}, newer than ${STRIPE_API_VERSION} that Clearbook reads; nothing was booked. Recreate the webhook endpoint with api_version ${STRIPE_API_VERSION} (or upgrade Clearbook), then replay the event`;
  return null;
}

/**
 * The charge a PaymentIntent's money came through. `latest_charge` since API 2022-11-15 (nullable);
 * before that the PaymentIntent carried a `charges` list instead (the last succeeded one paid).
 */
export function chargeIdOfPaymentIntent(pi: Stripe.PaymentIntent): string | null {
  const latest = pi.latest_charge;
  if (latest) return typeof latest === "string" ? latest : latest.id;
  const legacy = (pi as unknown as { charges?: { data?: Array<{ id?: unknown; status?: unknown }> } }).charges;
  const list = Array.isArray(legacy?.data) ? legacy.data : [];
  const paid = list.filter((c) => c.status === "succeeded" && typeof c.id === "string");
  const last = (paid.length ? paid : list.filter((c) => typeof c.id === "string")).at(-1);
  return last ? (last.id as string) : null;
}

/**
 * Why an event is not the agency's own money, or null. Connect events carry `account` (a connected
 * account's own activity); an event of another account of a Stripe Organization carries `context`
 * naming that account. Only events of `ownAccountId` (STRIPE_ACCOUNT_ID) — or events without
 * either field, when the endpoint belongs to the agency's own account — are booked.
 */
export function foreignAccountReason(
  event: Pick<Stripe.Event, "account" | "context">,
  ownAccountId?: string,
): string | null {
  if (event.account && event.account !== ownAccountId)
    return `event from connected account ${event.account} (Connect), not the agency's own money`;
  const ctx = event.context;
  if (ctx) {
    // A context names an account, possibly under its organization ("org_…/acct_…").
    const account = ctx.split("/").at(-1);
    if (!ownAccountId)
      return `event of Stripe Organization account context ${ctx}; STRIPE_ACCOUNT_ID is not set, so it cannot be the agency's own — set it to book this account's events`;
    if (account !== ownAccountId)
      return `event from account ${ctx} of the Stripe Organization, not the agency's own account ${ownAccountId}`;
  }
  return null;
}
