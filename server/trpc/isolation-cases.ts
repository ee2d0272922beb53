import { randomUUID } from "node:crypto";
import type { IsolationFixture } from "../testing/isolation-fixture";

/**
 * Who a procedure is for. The isolation suite derives the refusals from it:
 * - every audience but "public": a signed-out caller gets UNAUTHORIZED;
 * - "creditor" / "creditor-admin": agency staff get FORBIDDEN ("creditor-admin": members too);
 * - "user-admin": creditor admins and agency admins only;
 * - "staff": creditor users get FORBIDDEN.
 */
export type Audience = "public" | "signed-in" | "creditor" | "creditor-admin" | "user-admin" | "staff";

export type IsolationCase = {
  audience: Audience;
  /** Input naming creditor B's records. Sent by A's admin, it must answer NOT_FOUND. */
  foreign?: (fx: IsolationFixture) => unknown;
  /** A legitimate call (A's admin; an agency admin for staff procedures). Must succeed and, for creditor callers, show nothing of B. */
  own?: (fx: IsolationFixture) => unknown;
  /** The own call's result must show one of A's records, so "nothing of B" is not trivially true. */
  showsOwnRows?: boolean;
  /**
   * More calls as A that name B's records (in filters, or an invoice number B uses): each must
   * succeed, show nothing of B beyond what A sent, and pass its own check if it has one.
   */
  probes?: Array<{ input: (fx: IsolationFixture) => unknown; check?: (output: unknown, fx: IsolationFixture) => void }>;
  /** An extra check of the own call's result (e.g. totals equal A's alone). */
  check?: (output: unknown, fx: IsolationFixture) => void;
  /**
   * The own call is refused for a reason outside isolation (no QuickBooks company connected, an
   * unknown id, an empty file): it must fail with a 4xx that leaks nothing of B, never succeed
   * with B's data.
   */
  refusesOwn?: boolean;
};

const SAMPLE_MAPPING = {
  delimiter: ";",
  encoding: "utf-8",
  skipLines: 0,
  dateColumn: "Date",
  dateFormat: "YYYY-MM-DD",
  amountColumn: "Amount",
  decimalSeparator: ".",
} as const;

const csv = (rows: string[]) => ["invoice_number,invoice_amount,currency,due_date,debtor_name", ...rows].join("\n");
const fresh = () => `ISO-${randomUUID().slice(0, 12)}`;
const wideYear = () => {
  const y = new Date().getUTCFullYear();
  return { from: `${y - 1}-01-01`, to: `${y + 1}-01-01` };
};

/**
 * One entry per procedure of `appRouter`, by path. The isolation suite fails for a procedure
 * without an entry here, so a new procedure cannot ship without saying how it is isolated.
 */
export const isolationCases: Record<string, IsolationCase> = {
  "session.me": { audience: "signed-in", own: () => undefined, showsOwnRows: true },

  "placements.list": {
    audience: "creditor",
    own: () => ({}),
    showsOwnRows: true,
    probes: [{ input: (fx) => ({ invoiceNumber: fx.b.invoiceNumber }) }],
  },
  "placements.create": {
    audience: "creditor",
    own: () => ({
      invoiceNumber: fresh(),
      invoiceAmount: 1234n,
      currency: "USD",
      dueDate: "2026-03-01",
      debtorName: "Isolation Debtor",
    }),
    // B has this invoice number; A may still use it, and must not learn that B has it.
    probes: [
      {
        input: (fx) => ({
          invoiceNumber: fx.b.sharedInvoiceNumber,
          invoiceAmount: 100n,
          currency: "USD",
          dueDate: "2026-03-01",
          debtorName: "Same number, other creditor",
        }),
      },
    ],
  },

  "remittances.byId": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.remittanceId }),
    own: (fx) => ({ id: fx.a.remittanceId }),
    showsOwnRows: true,
  },
  "remittances.trace": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.remittanceId }),
    own: (fx) => ({ id: fx.a.remittanceId }),
    showsOwnRows: true,
  },

  "apiKeys.list": { audience: "creditor-admin", own: () => undefined, showsOwnRows: true },
  "apiKeys.create": { audience: "creditor-admin", own: () => ({ name: "Isolation key" }) },
  "apiKeys.revoke": {
    audience: "creditor-admin",
    foreign: (fx) => ({ id: fx.b.spareApiKeyId }),
    own: (fx) => ({ id: fx.a.spareApiKeyId }),
  },

  "users.list": { audience: "user-admin", own: () => undefined, showsOwnRows: true },
  "users.invite": {
    audience: "user-admin",
    foreign: (fx) => ({
      email: `${fresh()}@example.test`,
      name: "Wrong creditor",
      role: "creditor_member",
      creditorId: fx.b.creditorId,
    }),
    own: () => ({ email: `${fresh()}@example.test`, name: "Right creditor", role: "creditor_member" }),
  },
  "invitations.list": { audience: "user-admin", own: () => ({}), showsOwnRows: true },
  "invitations.revoke": {
    audience: "user-admin",
    foreign: (fx) => ({ id: fx.b.invitationId }),
    own: (fx) => ({ id: fx.a.invitationId }),
  },
  "users.changeRole": {
    audience: "user-admin",
    foreign: (fx) => ({ userId: fx.b.member.id, role: "creditor_admin" }),
    own: (fx) => ({ userId: fx.a.member.id, role: "creditor_member" }),
  },

  "intake.preview": {
    audience: "creditor",
    own: () => ({ csv: csv([`${fresh()},10.00,USD,2026-03-01,Preview Debtor`]) }),
    probes: [
      {
        input: (fx) => ({ csv: csv([`${fx.b.sharedInvoiceNumber},10.00,USD,2026-03-01,Probe Debtor`]) }),
        // "already placed" here would tell A that B has this invoice.
        check: (out) => {
          if ((out as { errorRows: number }).errorRows !== 0)
            throw new Error("preview judged A's row against another creditor's placements");
        },
      },
    ],
  },
  "intake.commit": {
    audience: "creditor",
    own: () => ({ csv: csv([`${fresh()},10.00,USD,2026-03-01,Commit Debtor`]) }),
  },

  "portal.overview": {
    audience: "creditor",
    own: wideYear,
    check: (out, fx) => {
      const totals = (out as { totals: Array<{ collected: bigint }> }).totals;
      if (totals.reduce((s, t) => s + t.collected, 0n) !== fx.a.collected)
        throw new Error(`overview counts money that is not A's: ${String(totals.map((t) => t.collected))}`);
    },
  },
  "portal.placements": {
    audience: "creditor",
    own: () => ({}),
    showsOwnRows: true,
    probes: [{ input: (fx) => ({ search: fx.b.invoiceNumber }) }],
  },
  "portal.placement": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.placementId }),
    own: (fx) => ({ id: fx.a.placementId }),
    showsOwnRows: true,
  },
  "portal.remittances": {
    audience: "creditor",
    own: () => ({}),
    showsOwnRows: true,
    probes: [
      { input: (fx) => ({ placementId: fx.b.placementId }) },
      { input: (fx) => ({ parentId: fx.b.remittanceId }) },
    ],
  },

  "backoffice.creditors": { audience: "staff", own: () => ({}) },
  "backoffice.creditor": { audience: "staff", own: (fx) => ({ id: fx.b.creditorId }) },
  "backoffice.changeRate": {
    audience: "staff",
    own: (fx) => ({ creditorId: fx.b.creditorId, rateBps: 2500, reason: "isolation suite" }),
  },
  "backoffice.placements": { audience: "staff", own: () => ({}) },
  "backoffice.placement": { audience: "staff", own: (fx) => ({ id: fx.b.placementId }) },
  "backoffice.remittances": { audience: "staff", own: () => ({}) },
  "backoffice.payments": { audience: "staff", own: () => ({}) },
  "workItems.list": { audience: "staff", own: () => ({}) },
  "workItems.summary": { audience: "staff", own: () => undefined },
  "workItems.assignees": { audience: "staff", own: () => undefined },
  "workItems.get": { audience: "staff", own: (fx) => ({ workItemId: fx.work.assign }) },
  "workItems.assign": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.assign, expectedVersion: 1, ownerUserId: fx.staff.operator.id }),
  },
  "workItems.start": { audience: "staff", own: (fx) => ({ workItemId: fx.work.start, expectedVersion: 1 }) },
  "workItems.unassign": { audience: "staff", own: (fx) => ({ workItemId: fx.work.unassign, expectedVersion: 1 }) },
  "workItems.bulkAssign": {
    audience: "staff",
    own: (fx) => ({ workItemIds: fx.work.bulk, ownerUserId: fx.staff.operator.id }),
  },
  "workItems.close": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.close, expectedVersion: 1, outcome: "dismissed", reason: "isolation suite" }),
  },
  "workItems.rejectProposal": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.proposedToReject, expectedVersion: 2, reason: "isolation suite" }),
  },
  "workbench.previewReversal": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.reversal, decision: "keep" }),
  },
  "workbench.decideReversal": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.reversal, expectedVersion: 1, decision: "keep" }),
  },
  "workbench.approveReversal": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.proposed, expectedVersion: 2 }),
  },
  "workbench.previewDirectPayment": { audience: "staff", own: (fx) => ({ workItemId: fx.work.direct }) },
  "workbench.confirmDirectPayment": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.direct, expectedVersion: 1 }),
  },
  "workbench.scorecard": { audience: "staff", own: () => undefined },
  "workbench.retry": { audience: "staff", own: (fx) => ({ workItemId: fx.work.writeback }) },
  "workItems.reopen": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.work.closed, expectedVersion: 2, reason: "isolation suite" }),
  },
  "matching.options": { audience: "staff", own: (fx) => ({ workItemId: fx.matching.unmatched.preview, q: "ISO" }) },
  "matching.previewApply": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.matching.unmatched.preview, placementIds: [fx.matching.placementId] }),
  },
  "matching.applyPayment": {
    audience: "staff",
    own: (fx) => ({
      workItemId: fx.matching.unmatched.apply,
      expectedVersion: 1,
      parts: [{ placementId: fx.matching.placementId, amount: 1_000n }],
    }),
  },
  "matching.refund": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.matching.unmatched.refund, expectedVersion: 1, reason: "isolation suite" }),
  },
  "matching.notOurs": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.matching.unmatched.notOurs, expectedVersion: 1, reason: "isolation suite" }),
  },
  "matching.duplicatePreview": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.matching.duplicate.preview.workItemId }),
  },
  "matching.refundDuplicate": {
    audience: "staff",
    own: (fx) => ({
      workItemId: fx.matching.duplicate.refund.workItemId,
      expectedVersion: 1,
      paymentAttemptId: fx.matching.duplicate.refund.paymentAttemptId,
      reason: "isolation suite",
    }),
  },
  "matching.creditPreview": { audience: "staff", own: (fx) => ({ workItemId: fx.matching.credit.preview.workItemId }) },
  "matching.applyCredit": {
    audience: "staff",
    own: (fx) => ({
      workItemId: fx.matching.credit.apply.workItemId,
      expectedVersion: 1,
      placementId: fx.matching.credit.apply.targetPlacementId,
    }),
  },
  "matching.refundCredit": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.matching.credit.refund.workItemId, expectedVersion: 1, reason: "isolation suite" }),
  },
  "matching.keepCredit": {
    audience: "staff",
    own: (fx) => ({ workItemId: fx.matching.credit.keep.workItemId, expectedVersion: 1, note: "isolation suite" }),
  },
  "ledger.placement": { audience: "staff", own: (fx) => ({ placementId: fx.b.placementId }) },
  "audit.list": { audience: "staff", own: () => ({}) },

  "qbo.overview": { audience: "creditor", own: () => undefined },
  "qbo.disconnect": { audience: "creditor-admin", own: () => undefined },
  "qbo.writebacks": {
    audience: "creditor",
    own: () => ({}),
    showsOwnRows: true,
    probes: [{ input: (fx) => ({ search: fx.b.invoiceNumber }) }, { input: () => ({ status: "failed" }) }],
  },
  "qbo.events": {
    audience: "creditor",
    own: () => ({}),
    showsOwnRows: true,
    probes: [{ input: () => ({ kind: "failures" }) }],
  },
  "qbo.retryWriteback": {
    audience: "creditor-admin",
    foreign: (fx) => ({ mappingId: fx.b.qboMappingId }),
    own: (fx) => ({ mappingId: fx.a.qboMappingId }),
  },
  "qbo.accounts": { audience: "creditor-admin", own: () => undefined, refusesOwn: true },
  "qbo.accountMapping": { audience: "creditor", own: () => undefined },
  "qbo.saveAccountMapping": {
    audience: "creditor-admin",
    own: () => ({ clearingAccountId: "1", feeAccountId: "2", bankAccountId: "3" }),
    refusesOwn: true,
  },
  "qbo.journalEntries": { audience: "creditor", own: () => undefined, showsOwnRows: true },
  "qbo.retryJournalEntry": {
    audience: "creditor-admin",
    foreign: (fx) => ({ mappingId: fx.b.journalMappingId }),
    own: (fx) => ({ mappingId: fx.a.journalMappingId }),
  },

  "payouts.list": { audience: "creditor", own: () => undefined, showsOwnRows: true },
  "payouts.byId": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.disbursementId }),
    own: (fx) => ({ id: fx.a.disbursementId }),
    showsOwnRows: true,
  },

  "disbursements.payables": { audience: "staff", own: () => ({}) },
  "disbursements.previewRun": { audience: "staff", own: () => ({ cutoff: new Date() }) },
  "disbursements.proposeRun": { audience: "staff", own: (fx) => fx.money.proposal },
  "disbursements.approveRun": { audience: "staff", own: (fx) => ({ runId: fx.money.runToApprove }) },
  "disbursements.rejectRun": {
    audience: "staff",
    own: (fx) => ({ runId: fx.money.runToReject, reason: "isolation check" }),
  },
  "disbursements.runs": { audience: "staff", own: () => undefined },
  "disbursements.run": { audience: "staff", own: (fx) => ({ id: fx.money.runToApprove }) },
  "disbursements.list": { audience: "staff", own: () => ({}) },
  "disbursements.byId": { audience: "staff", own: (fx) => ({ id: fx.b.disbursementId }) },
  "disbursements.recordManual": {
    audience: "staff",
    own: (fx) => ({ disbursementId: fx.money.manualToRecord, method: "ach", reference: "ACH-ISO-1" }),
  },
  "disbursements.markFailed": {
    audience: "staff",
    own: (fx) => ({ disbursementId: fx.money.paidToFail, reason: "isolation check" }),
  },

  "bank.accounts": { audience: "staff", own: () => undefined },
  "bank.createAccount": {
    audience: "staff",
    own: () => ({ name: "Isolation account", identifier: `ISO${randomUUID().slice(0, 8)}`, currency: "USD" }),
  },
  "bank.saveMapping": {
    audience: "staff",
    own: () => ({ bankAccountId: randomUUID(), mapping: SAMPLE_MAPPING }),
    refusesOwn: true,
  },
  "bank.import": {
    audience: "staff",
    own: () => ({ fileName: "empty.csv", contentBase64: Buffer.from("date,amount\n").toString("base64") }),
    refusesOwn: true,
  },
  "bank.match": { audience: "staff", own: () => undefined },
  "bank.imports": { audience: "staff", own: () => undefined },
  "bank.lines": { audience: "staff", own: () => ({}) },
  "bank.cashOverview": { audience: "staff", own: () => undefined },
  "bank.payment": { audience: "staff", own: () => ({ id: randomUUID() }), refusesOwn: true },

  "jobs.status": { audience: "staff", own: () => undefined },
  "jobs.runNow": { audience: "staff", own: () => ({ job: "qboWebhooks" }) },
  "jobs.retryWriteback": { audience: "staff", own: (fx) => ({ mappingId: fx.b.qboMappingId }) },

  // The Stripe inbox is the agency's, not a creditor's: staff only, creditor users are refused.
  "stripeEvents.list": { audience: "staff", own: () => ({ status: "parked" }) },
  "stripeEvents.summary": { audience: "staff", own: () => undefined },
  "stripeEvents.byId": { audience: "staff", own: (fx) => ({ eventId: fx.b.stripeEventId }) },
  "stripeEvents.retry": { audience: "staff", own: (fx) => ({ eventId: fx.b.stripeEventId }) },

  "exports.create": {
    audience: "creditor",
    foreign: (fx) => ({ type: "remittances", filters: { placement_id: fx.b.placementId } }),
    own: () => ({ type: "remittances", format: "csv", filters: {} }),
  },
  "exports.list": { audience: "creditor", own: () => ({}), showsOwnRows: true },
  "exports.byId": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.exportId }),
    own: (fx) => ({ id: fx.a.exportId }),
    showsOwnRows: true,
  },
  "exports.retry": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.failedExportId }),
    own: (fx) => ({ id: fx.a.failedExportId }),
  },
  "backofficeExports.create": { audience: "staff", own: () => ({ type: "ledger", format: "csv", filters: {} }) },
  "backofficeExports.list": { audience: "staff", own: () => ({}) },
  "backofficeExports.retry": { audience: "staff", own: (fx) => ({ id: fx.b.failedExportId }) },
  "webhooks.list": { audience: "creditor-admin", own: () => undefined, showsOwnRows: true },
  "webhooks.create": {
    audience: "creditor-admin",
    own: () => ({ url: "https://203.0.113.20/hooks/own", events: ["remittance.created"] }),
  },
  "webhooks.update": {
    audience: "creditor-admin",
    foreign: (fx) => ({ endpointId: fx.b.webhookEndpointId, isEnabled: false }),
    own: (fx) => ({ endpointId: fx.a.webhookEndpointId, description: "isolation" }),
    showsOwnRows: true,
  },
  "webhooks.rotateSecret": {
    audience: "creditor-admin",
    foreign: (fx) => ({ endpointId: fx.b.webhookEndpointId }),
    own: (fx) => ({ endpointId: fx.a.webhookEndpointId, overlapHours: 1 }),
  },
  "webhooks.sendTest": {
    audience: "creditor-admin",
    foreign: (fx) => ({ endpointId: fx.b.webhookEndpointId }),
    // The fixture's endpoint is a loopback URL the app's settings refuse: the test event fails without a request.
    own: (fx) => ({ endpointId: fx.a.webhookEndpointId }),
  },
  "webhooks.deliveries": {
    audience: "creditor-admin",
    foreign: (fx) => ({ endpointId: fx.b.webhookEndpointId }),
    own: (fx) => ({ endpointId: fx.a.webhookEndpointId }),
    showsOwnRows: true,
  },
  "webhooks.replay": {
    audience: "creditor-admin",
    foreign: (fx) => ({ endpointId: fx.b.webhookEndpointId, deliveryId: fx.b.webhookDeliveryId }),
    own: (fx) => ({ endpointId: fx.a.webhookEndpointId, deliveryId: fx.a.webhookDeliveryId }),
  },
  "statements.list": {
    audience: "creditor",
    own: () => ({}),
    showsOwnRows: true,
    probes: [{ input: (fx) => ({ period: fx.b.statementPeriod }) }],
  },
  "statements.byId": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.statementId }),
    own: (fx) => ({ id: fx.a.statementId }),
    showsOwnRows: true,
  },
  "statements.downloadLink": {
    audience: "creditor",
    foreign: (fx) => ({ id: fx.b.statementId, format: "pdf" }),
    own: (fx) => ({ id: fx.a.statementId, format: "pdf" }),
  },
  "statements.staffDownloadLink": { audience: "staff", own: (fx) => ({ id: fx.b.statementId, format: "csv" }) },
  // Finance's month runs and re-issues: agency staff (finance, admin) only.
  "statements.runs": { audience: "staff", own: (fx) => ({ period: fx.b.statementPeriod }) },
  "statements.preview": {
    audience: "staff",
    own: (fx) => ({ creditorId: fx.b.creditorId, period: fx.b.statementPeriod }),
  },
  "statements.issue": {
    audience: "staff",
    own: (fx) => ({ creditorId: fx.b.creditorId, period: fx.b.statementPeriod }),
  },
  "statements.reissue": {
    audience: "staff",
    own: (fx) => ({ creditorId: fx.b.creditorId, period: fx.b.statementPeriod, version: 2, reason: "isolation suite" }),
  },
  "statements.staffById": { audience: "staff", own: (fx) => ({ id: fx.b.statementId }) },
};
