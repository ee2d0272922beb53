/**
 * TEST DOUBLE — NOT QuickBooks. Renders the double's records and faults in QBO's documented
 * wire shapes: PascalCase entities, PascalCase ValidationFault JSON, lowercase 401 faults,
 * and XML throttling faults (QBO sends 429 bodies as XML even to JSON clients).
 */
import type { DoubleCustomer, DoubleInvoice, DoublePayment } from "./store";

const amount = (cents: number) => cents / 100;
const iso = (ms: number) => new Date(ms).toISOString();

export function invoiceJson(inv: DoubleInvoice, customers?: Map<string, DoubleCustomer>) {
  return {
    Id: inv.Id,
    SyncToken: String(inv.syncToken),
    DocNumber: inv.DocNumber,
    TxnDate: inv.txnDate,
    DueDate: inv.dueDate,
    TotalAmt: amount(inv.totalCents),
    Balance: amount(inv.balanceCents),
    CustomerRef: { value: inv.customerId, name: customers?.get(inv.customerId)?.DisplayName },
    CurrencyRef: { value: inv.currency },
    LinkedTxn: inv.linked.map((l) => ({ ...l })),
    ...(inv.privateNote ? { PrivateNote: inv.privateNote } : {}),
    MetaData: { CreateTime: iso(inv.createdAt), LastUpdatedTime: iso(inv.updatedAt) },
  };
}

export function paymentJson(p: DoublePayment, customers?: Map<string, DoubleCustomer>) {
  return {
    Id: p.Id,
    SyncToken: String(p.syncToken),
    TxnDate: p.txnDate,
    TotalAmt: amount(p.totalCents),
    UnappliedAmt: amount(p.unappliedCents),
    CustomerRef: { value: p.customerId, name: customers?.get(p.customerId)?.DisplayName },
    CurrencyRef: { value: p.currency },
    ...(p.paymentRefNum ? { PaymentRefNum: p.paymentRefNum } : {}),
    ...(p.privateNote ? { PrivateNote: p.privateNote } : {}),
    Line: p.lines.map((l) => ({
      Amount: amount(l.amountCents),
      LinkedTxn: [{ TxnId: l.invoiceId, TxnType: "Invoice" }],
    })),
    MetaData: { CreateTime: iso(p.createdAt), LastUpdatedTime: iso(p.updatedAt) },
  };
}

export function customerJson(c: DoubleCustomer) {
  return {
    Id: c.Id,
    SyncToken: String(c.syncToken),
    DisplayName: c.DisplayName,
    MetaData: { CreateTime: iso(c.createdAt), LastUpdatedTime: iso(c.updatedAt) },
  };
}

/** `{"Fault":{"Error":[…],"type":"ValidationFault"}}` as QBO returns for business and query errors. */
export function validationFault(code: string, message: string, detail: string, now: number, element?: string) {
  return JSON.stringify({
    Fault: {
      Error: [{ Message: message, Detail: detail, code, ...(element ? { element } : {}) }],
      type: "ValidationFault",
    },
    time: iso(now),
  });
}

/** The 401 body: lowercase keys, unlike every other fault. */
export function authFault(detail: string) {
  return JSON.stringify({
    fault: {
      error: [{ message: "message=AuthenticationFailed; errorCode=003200; statusCode=401", detail, code: "3200" }],
      type: "AUTHENTICATION",
    },
  });
}

/** 403 for a token that belongs to another company. */
export function authorizationFault(detail: string) {
  return JSON.stringify({
    fault: {
      error: [
        { message: "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403", detail, code: "3100" },
      ],
      type: "AUTHORIZATION",
    },
  });
}

/** The throttling fault, in XML. */
export function throttleFaultXml(now: number) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${iso(now)}"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.</Detail></Error></Fault></IntuitResponse>`;
}

/** A 5xx fault (SystemFault). */
export function serverFault(status: number, now: number) {
  return JSON.stringify({
    Fault: {
      Error: [
        {
          Message: "An application error has occurred while processing your request",
          Detail: `System Failure Error: HTTP ${status} injected by the test double`,
          code: "10000",
        },
      ],
      type: "SystemFault",
    },
    time: iso(now),
  });
}

export function staleFault(now: number) {
  return validationFault(
    "5010",
    "Stale Object Error",
    "Stale Object Error : You and someone else were working on the same object at the same time.",
    now,
  );
}
