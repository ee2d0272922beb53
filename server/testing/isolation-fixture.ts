import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/auth/roles";
import { systemActor } from "@/server/domain/actor";
import { createApiKey, revokeApiKey } from "@/server/services/identity/api-keys";
import { inviteUser } from "@/server/services/identity/invitations";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { createUser } from "@/server/services/identity/users";
import { makeCreditor, makePlacement } from "./factories";
import { eq } from "drizzle-orm";
import { exports, webhookDeliveries, webhookEvents } from "@/db/schema";
import { createExport } from "@/server/services/exports/exports";
import { createEndpoint } from "@/server/services/webhooks-out/endpoints";
import { webhookDepsFromEnv } from "@/server/services/webhooks-out/settings";
import { seedQboIsolationRows } from "./jobs";
import { refund, stripeEvent } from "./stripe";
import { receiveStripeEvent } from "@/server/services/stripe-events/inbox";
import { issueStatement } from "@/server/services/statements/issue";
import { periodOf, previousPeriod } from "@/server/domain/statement-period";
import { qboJournalMappings } from "@/db/schema";
import { recordManualPayment } from "@/server/services/disbursements/lifecycle";
import { previewRun, proposeRun } from "@/server/services/disbursements/runs";
import { FINANCE_A, FINANCE_B, disburseNow } from "./disburse";
import { buildWorkbenchFixture, type WorkbenchFixture } from "./workbench-fixture";
import { buildMatchingFixture, type MatchingFixture } from "./matching-fixture";

/**
 * Two creditors with one of everything (people, placements, a remittance, API keys, an open
 * invitation) and the agency's staff. The isolation suites call every procedure and route as
 * creditor A, naming B's records; `b.markers` are strings that must never reach A.
 */
export type Tenant = {
  creditorId: string;
  admin: SessionUser;
  member: SessionUser;
  placementId: string;
  invoiceNumber: string;
  /** A second placement, with no money on it. */
  quietPlacementId: string;
  /** The invoice number of a third placement, left out of `markers`: the other creditor may use the same number. */
  sharedInvoiceNumber: string;
  remittanceId: string;
  /** Collected on the placement (minor units), for checks of totals. */
  collected: bigint;
  apiKey: { id: string; secret: string };
  /** An active key a test may revoke without losing `apiKey`. */
  spareApiKeyId: string;
  revokedApiKey: { id: string; secret: string };
  invitationId: string;
  /** A failed QuickBooks writeback of this tenant (its connection and a sync-log event exist too). */
  qboMappingId: string;
  /** A Stripe refund event parked in the (agency-wide) webhook inbox, waiting for a payment that never came. */
  stripeEventId: string;
  /** An export of this tenant (queued) and an outbound webhook endpoint with one failed delivery. */
  exportId: string;
  /** An export whose render failed (retryable). */
  failedExportId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
  /** An issued monthly statement (last month's, this tenant's first) and its month. */
  statementId: string;
  statementPeriod: string;
  /** A paid manual disbursement (a payout in the portal) and its QuickBooks journal mapping. */
  disbursementId: string;
  journalMappingId: string;
  /** Ids, invoice numbers, emails, names and key prefixes of this tenant. */
  markers: string[];
};

export type IsolationFixture = {
  a: Tenant;
  b: Tenant;
  staff: { admin: SessionUser; operator: SessionUser; finance: SessionUser };
  /** Work items on creditor B (staff see every creditor's queue), one per workbench action. */
  work: WorkbenchFixture;
  /** Unmatched payments and customer credits on creditor B, one per matching action. */
  matching: MatchingFixture;
  /** Staff-only money (creditors outside the tenants) for the disbursement procedures' own calls. */
  money: {
    proposal: { creditorIds: string[]; cutoff: Date; fingerprint: string };
    runToApprove: string;
    manualToRecord: string;
    runToReject: string;
    paidToFail: string;
  };
};

async function makeTenant(db: Db, label: string, amount: bigint, paid: bigint): Promise<Tenant> {
  const tag = `${label}-${randomUUID().slice(0, 8)}`;
  const actor = systemActor("isolation-fixture");
  const creditor = await makeCreditor(db, { name: `Creditor ${tag}` });
  const admin = await createUser(
    db,
    { email: `admin-${tag}@example.test`, name: `Admin ${tag}`, role: "creditor_admin", creditorId: creditor.id },
    actor,
  );
  const member = await createUser(
    db,
    { email: `member-${tag}@example.test`, name: `Member ${tag}`, role: "creditor_member", creditorId: creditor.id },
    actor,
  );
  const invoiceNumber = `INV-${tag}`;
  const placement = await makePlacement(db, creditor.id, { amount, invoiceNumber });
  const quiet = await makePlacement(db, creditor.id, { amount: 1_000n, invoiceNumber: `QUIET-${tag}` });
  const sharedInvoiceNumber = `SHARED-${tag}`;
  await makePlacement(db, creditor.id, { amount: 2_000n, invoiceNumber: sharedInvoiceNumber });
  const payment = await recordClearedPayment(
    db,
    {
      source: "manual",
      externalId: `pay-${tag}`,
      placementId: placement.id,
      amount: paid,
      currency: "USD",
      receivedAt: new Date(),
    },
    actor,
  );
  if (payment.outcome !== "applied" || !payment.remittanceId)
    throw new Error(`fixture payment for ${tag} did not apply`);
  const key = await createApiKey(db, creditor.id, `ERP ${tag}`, actor);
  const spare = await createApiKey(db, creditor.id, `Spare ${tag}`, actor);
  const revoked = await createApiKey(db, creditor.id, `Old ${tag}`, actor);
  await revokeApiKey(db, creditor.id, revoked.key.id, actor);
  const invitation = await inviteUser(
    db,
    { kind: "creditor", creditorId: creditor.id },
    { email: `invitee-${tag}@example.test`, name: `Invitee ${tag}`, role: "creditor_member" },
    actor,
    { deliver: async () => "log" },
  );
  const qbo = await seedQboIsolationRows(db, {
    creditorId: creditor.id,
    placementId: placement.id,
    paymentAttemptId: payment.paymentAttemptId,
    amount: paid,
    tag,
  });
  const parked = stripeEvent(
    "refund.created",
    refund({ amount: 100, paymentIntentId: `pi_iso_${tag}`, chargeId: `ch_iso_${tag}` }),
  );
  await receiveStripeEvent(db, parked as unknown as Stripe.Event);
  const exported = await createExport(
    db,
    { kind: "creditor", creditorId: creditor.id },
    { type: "remittances", format: "csv", filters: {} },
    actor,
  );
  const failedExport = await createExport(
    db,
    { kind: "creditor", creditorId: creditor.id },
    { type: "placements", format: "csv", filters: {} },
    actor,
  );
  await db
    .update(exports)
    .set({ status: "failed", failureReason: "fixture", attempts: 1 })
    .where(eq(exports.id, failedExport.id));
  const hooks = await isolationWebhook(db, creditor.id, tag);
  const statementPeriod = previousPeriod(periodOf(new Date(), "UTC"));
  const statement = await issueStatement(
    db,
    { creditorId: creditor.id, period: statementPeriod, timeZone: "UTC" },
    actor,
  );
  if (statement.outcome !== "issued") throw new Error(`fixture statement for ${tag} was not issued`);
  const paidOut = await disburseNow(db, { creditorId: creditor.id, currency: "USD" });
  if (paidOut.outcome !== "created") throw new Error(`fixture disbursement for ${tag} missing`);
  await recordManualPayment(
    db,
    { disbursementId: paidOut.disbursementId, method: "wire", reference: `WIRE-${tag}` },
    actor,
  );
  const [journal] = await db
    .insert(qboJournalMappings)
    .values({
      disbursementId: paidOut.disbursementId,
      creditorId: creditor.id,
      realmId: `realm-${tag}`,
      body: {},
      amount: paidOut.amount,
      currency: "USD",
      status: "failed",
      requestId: `je-iso-${tag}`,
    })
    .returning({ id: qboJournalMappings.id });
  const user = (u: { id: string; role: SessionUser["role"] }): SessionUser => ({
    id: u.id,
    role: u.role,
    creditorId: creditor.id,
  });
  return {
    creditorId: creditor.id,
    admin: user(admin),
    member: user(member),
    placementId: placement.id,
    invoiceNumber,
    quietPlacementId: quiet.id,
    sharedInvoiceNumber,
    remittanceId: payment.remittanceId,
    collected: paid,
    apiKey: { id: key.key.id, secret: key.secret },
    spareApiKeyId: spare.key.id,
    revokedApiKey: { id: revoked.key.id, secret: revoked.secret },
    invitationId: invitation.id,
    qboMappingId: qbo.mappingId,
    stripeEventId: parked.id,
    exportId: exported.id,
    failedExportId: failedExport.id,
    webhookEndpointId: hooks.endpointId,
    webhookDeliveryId: hooks.deliveryId,
    statementId: statement.statementId,
    statementPeriod,
    disbursementId: paidOut.disbursementId,
    journalMappingId: journal!.id,
    markers: [
      paidOut.disbursementId,
      journal!.id,
      exported.id,
      exported.fileName,
      failedExport.id,
      hooks.endpointId,
      hooks.url,
      hooks.deliveryId,
      creditor.id,
      creditor.slug,
      creditor.name,
      admin.id,
      admin.email,
      member.id,
      member.email,
      placement.id,
      invoiceNumber,
      quiet.id,
      `QUIET-${tag}`,
      payment.remittanceId,
      payment.paymentAttemptId,
      key.key.id,
      key.key.prefix,
      spare.key.id,
      revoked.key.id,
      invitation.id,
      invitation.email,
      `pay-${tag}`,
      ...qbo.markers,
      statement.statementId,
      statement.number,
    ],
  };
}

/**
 * An endpoint with one failed delivery of a remittance event. Its URL is a loopback address, saved
 * with loopback allowed: the app's own settings refuse loopback, so a test event sent to it is
 * refused at connection time and no request ever leaves.
 */
async function isolationWebhook(db: Db, creditorId: string, tag: string) {
  const url = `http://127.0.0.1:9/hooks/${tag}`;
  const deps = webhookDepsFromEnv({ policy: { allowLoopback: true } });
  const { endpoint } = await createEndpoint(
    db,
    deps,
    creditorId,
    { url, events: ["remittance.created"] },
    systemActor("isolation-fixture"),
  );
  const [event] = await db
    .insert(webhookEvents)
    .values({
      creditorId,
      type: "remittance.created",
      sourceKey: `iso:${tag}`,
      payload: { type: "remittance.created" },
    })
    .returning();
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({ eventId: event!.id, endpointId: endpoint.id, status: "dead", attempts: 9, lastError: "answered 500" })
    .returning();
  return { endpointId: endpoint.id, deliveryId: delivery!.id, url };
}

/** Build both tenants and the staff. */
export async function buildIsolationFixture(db: Db): Promise<IsolationFixture> {
  const a = await makeTenant(db, "a", 10_000n, 5_000n);
  const b = await makeTenant(db, "b", 20_000n, 7_000n);
  const actor = systemActor("isolation-fixture");
  const staffUser = async (role: "admin" | "operator" | "finance"): Promise<SessionUser> => {
    const u = await createUser(
      db,
      { email: `${role}-${randomUUID().slice(0, 8)}@agency.test`, name: `Staff ${role}`, role },
      actor,
    );
    return { id: u.id, role, creditorId: null };
  };
  const staff = {
    admin: await staffUser("admin"),
    operator: await staffUser("operator"),
    finance: await staffUser("finance"),
  };
  return {
    a,
    b,
    money: await staffMoney(db),
    work: await buildWorkbenchFixture(db, b, staff.operator.id),
    matching: await buildMatchingFixture(db, b.creditorId),
    staff,
  };
}

/** Creditors only staff deal with, each owed money, for the disbursement procedures' own calls. */
async function staffMoney(db: Db): Promise<IsolationFixture["money"]> {
  const owed = async (label: string) => {
    const c = await makeCreditor(db, { name: `Staff money ${label} ${randomUUID().slice(0, 6)}` });
    const p = await makePlacement(db, c.id, { amount: 10_000n });
    await recordClearedPayment(
      db,
      {
        source: "manual",
        externalId: `iso-money-${p.id}`,
        placementId: p.id,
        amount: 4_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      systemActor("isolation-fixture"),
    );
    return c.id;
  };
  // Every payment is booked before the cutoff is taken: on a loaded machine booking can take
  // longer than any fixed margin, and a payment after the cutoff is not in the run.
  const forProposal = await owed("proposal");
  const approveCreditor = await owed("approve");
  const rejectCreditor = await owed("reject");
  const failCreditor = await owed("fail");
  const cutoff = new Date(Date.now() + 1_000);
  const propose = async (creditorId: string) => {
    const preview = await previewRun(db, { creditorIds: [creditorId], cutoff });
    return proposeRun(db, { creditorIds: [creditorId], cutoff, fingerprint: preview.fingerprint }, FINANCE_A);
  };
  const preview = await previewRun(db, { creditorIds: [forProposal], cutoff });
  const toApprove = await propose(approveCreditor);
  const toReject = await propose(rejectCreditor);
  const paid = await disburseNow(db, { creditorId: failCreditor, currency: "USD" });
  if (paid.outcome !== "created") throw new Error("fixture disbursement missing");
  await recordManualPayment(
    db,
    { disbursementId: paid.disbursementId, method: "ach", reference: "ACH-ISO-FAIL" },
    FINANCE_B,
  );
  return {
    proposal: { creditorIds: [forProposal], cutoff, fingerprint: preview.fingerprint },
    runToApprove: toApprove.runId,
    manualToRecord: toApprove.disbursementIds[0]!,
    runToReject: toReject.runId,
    paidToFail: paid.disbursementId,
  };
}

/** The first of B's markers found in `text`, if any. */
export function leakedMarker(fx: IsolationFixture, text: string): string | undefined {
  return fx.b.markers.find((m) => text.includes(m));
}
