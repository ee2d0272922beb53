/**
 * TEST DOUBLE — NOT QuickBooks. Admin endpoints under `/__double/*` for tests and the demo:
 * seed companies and invoices, edit an invoice total, record an out-of-band payment (no memo
 * stamp), inject faults, change limits, read counters and payments, mint/expire tokens, emit
 * webhooks. QBO itself has none of these.
 */
import type { Reply } from "./api";
import type { FaultRule } from "./faults";
import type { QboDoubleHelpers } from "./helpers";
import { DoubleFault } from "./store";
import type { WebhookFormat } from "./webhooks";

type Handler = (h: QboDoubleHelpers, m: string[], body: Record<string, unknown>) => unknown;

const ROUTES: Array<[string, RegExp, Handler]> = [
  ["GET", /^\/__double\/health$/, () => ({ ok: true, double: "QuickBooks Online TEST DOUBLE (not QuickBooks)" })],
  ["GET", /^\/__double\/realms$/, (h) => h.listRealms()],
  ["POST", /^\/__double\/realms$/, (h, _m, b) => h.seedRealm(b as never)],
  ["POST", /^\/__double\/realms\/([^/]+)\/customers$/, (h, [r], b) => h.addCustomer(r!, b as never)],
  ["GET", /^\/__double\/realms\/([^/]+)\/invoices$/, (h, [r]) => h.listInvoices(r!)],
  [
    "POST",
    /^\/__double\/realms\/([^/]+)\/invoices$/,
    (h, [r], b) => h.addInvoices(r!, (Array.isArray(b) ? b : (b.invoices as never[])) ?? []),
  ],
  [
    "PATCH",
    /^\/__double\/realms\/([^/]+)\/invoices\/([^/]+)$/,
    (h, [r, id], b) => h.editInvoiceTotal(r!, id!, Number(b.totalCents)),
  ],
  ["GET", /^\/__double\/realms\/([^/]+)\/payments$/, (h, [r]) => h.listPayments(r!)],
  ["POST", /^\/__double\/realms\/([^/]+)\/payments$/, (h, [r], b) => h.recordOutOfBandPayment(r!, b as never)],
  ["GET", /^\/__double\/faults$/, (h) => h.faults.list()],
  ["POST", /^\/__double\/faults$/, (h, _m, b) => ({ id: h.setFault(b as unknown as FaultRule) })],
  ["DELETE", /^\/__double\/faults$/, (h) => (h.clearFaults(), { ok: true })],
  ["DELETE", /^\/__double\/faults\/(\d+)$/, (h, [id]) => (h.faults.remove(Number(id)), { ok: true })],
  ["PUT", /^\/__double\/limits$/, (h, _m, b) => h.setLimits(b as never)],
  ["GET", /^\/__double\/counters$/, (h) => h.counters()],
  ["DELETE", /^\/__double\/counters$/, (h) => (h.resetCounters(), { ok: true })],
  ["POST", /^\/__double\/tokens$/, (h, _m, b) => h.issueTokens(String(b.realmId))],
  [
    "POST",
    /^\/__double\/tokens\/expire$/,
    (h, _m, b) => (h.expireTokens((b.which as never) ?? "access", b.realmId as string | undefined), { ok: true }),
  ],
  [
    "PUT",
    /^\/__double\/authorize-realm$/,
    (h, _m, b) => (h.setAuthorizeRealm(b.realmId as string | undefined), { ok: true }),
  ],
  [
    "POST",
    /^\/__double\/webhooks\/emit$/,
    (h, _m, b) =>
      h.emitWebhooks({
        url: String(b.url),
        format: (b.format as WebhookFormat) ?? "cloudevents",
        realmId: b.realmId as string | undefined,
        verifierToken: b.verifierToken as string | undefined,
      }),
  ],
  ["GET", /^\/__double\/requests$/, (h) => h.requests.slice(-500)],
];

/** Serve one admin request. */
export async function serveAdmin(
  h: QboDoubleHelpers,
  method: string,
  pathname: string,
  rawBody: string,
): Promise<Reply> {
  for (const [verb, re, handler] of ROUTES) {
    if (verb !== method) continue;
    const m = re.exec(pathname);
    if (!m) continue;
    try {
      const body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
      const result = await handler(h, m.slice(1).map(decodeURIComponent), body);
      return { status: 200, body: JSON.stringify(result ?? null) };
    } catch (err) {
      const status = err instanceof DoubleFault ? 400 : err instanceof SyntaxError ? 400 : 500;
      return {
        status,
        body: JSON.stringify({
          error: err instanceof Error ? err.message : String(err),
          detail: err instanceof DoubleFault ? err.detail : undefined,
        }),
      };
    }
  }
  return { status: 404, body: JSON.stringify({ error: `No test-double admin route ${method} ${pathname}` }) };
}
