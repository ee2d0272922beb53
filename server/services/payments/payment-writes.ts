/**
 * The one writer of a payment's rows, for every path: a payment on the transaction path is a
 * batch of one, the Stripe webhook's batched fast path (stripe-events/payment-batch.ts) sends
 * many. One statement (data-modifying CTEs) writes, for each payment of the batch, in this order
 * of gates:
 *   1. its advisory lock (clearbook_lock_payment, the same function as the inbox's transaction
 *      path) and whether parked Stripe events wait for its keys — batched path only;
 *   2. the placement's new totals, only if the placement is still as the rules read it
 *      (compare-and-set; always true on the transaction path, which holds the row lock);
 *   3. its Stripe event's inbox row as processed, only if the placement was updated — batched path;
 *   4. the payment attempt, only if the event was new (`on conflict (source, external_id) do nothing`);
 *   5. every other row (journal entry and postings, remittance, customer credit, document, work
 *      item, outbox, audit) and the installment's paid mark, only if the attempt was new.
 * A payment whose placement changed writes nothing (the caller re-reads it, under the lock). If a
 * placement was updated but its event or attempt turned out to exist (a concurrent delivery of the
 * same payment), the statement aborts itself as a serialization failure (clearbook_retry,
 * SQLSTATE 40001) and nothing of the batch is written; the caller retries and finds the duplicate.
 *
 * Rows come from each table's one mapper (payments/rows.ts, ledger/rows.ts, audit, work-items,
 * outbox, the inbox row) and travel as one json recordset per table (server/lib/table-rows.ts), so
 * the statement's text depends only on which tables the batch writes: a few prepared statements
 * serve every batch. Money rules are not here: they are the domain's (server/domain/payment-plan.ts).
 */
import type { Db } from "@/db/client";
import {
  accountingDocuments,
  auditEvents,
  customerCredits,
  documentLines,
  journalEntries,
  outbox,
  paymentAttempts,
  postings,
  remittances,
  stripeEvents,
  workItems,
} from "@/db/schema";
import { queryStatement, statement, type Bind } from "@/db/statements";
import type { Actor } from "@/server/domain/actor";
import type { AppliedPaymentPlan, ClearedPayment, PlacementTotals } from "@/server/domain/payment-plan";
import { byTable, insertRows, recordset, type TableRows } from "@/server/lib/table-rows";
import { auditRow } from "../audit/record";
import { journalRows, documentRows } from "../ledger/rows";
import { outboxRow } from "../outbox/outbox";
import { paymentWebhookEffects } from "../webhooks-out/events";
import { workItemRow } from "../work-items/open";
import { attemptRow, creditRow, remittanceRow } from "./rows";

type TableSet = Array<Omit<TableRows, "rows"> & { rows: unknown[] }>;

/** One payment's write (see the file's comment for the gates). */
export type PaymentWrite = {
  attempt: typeof paymentAttempts.$inferInsert;
  /** Inserted only if the attempt was new. */
  tables: TableSet;
  placement?: { id: string; next: PlacementTotals; expect: PlacementTotals; updatedAt: Date };
  installment?: { id: string; paidAt: Date };
  /** Batched path: the event's inbox row (stored as processed here) and the payment's lock. */
  event?: { row: typeof stripeEvents.$inferInsert; lockKey: string | null; releases: string[] };
};

/** Per payment: whether its rows were written, and whether parked Stripe events wait for its keys. */
export type WriteResult = { written: boolean; hasWaiters: boolean };

/** Write a batch of payments in one statement (a batch of one on the transaction path). One result per write, in order. */
export async function writePayments(db: Db, writes: PaymentWrite[]): Promise<WriteResult[]> {
  if (!writes.length) return [];
  const [row] = await queryStatement<{ written: number[]; waiting: number[] }>(
    db,
    statement((p) => writeSql(p, writes)),
  );
  const written = new Set((row?.written ?? []).map(Number));
  const waiting = new Set((row?.waiting ?? []).map(Number));
  return writes.map((_, k) => ({ written: written.has(k), hasWaiters: waiting.has(k) }));
}

/** The rows of an applied payment as the rules planned them, table by table, through each table's mapper. */
export function appliedPaymentWrite(plan: AppliedPaymentPlan, input: ClearedPayment): PaymentWrite {
  const { creditorId, placementId, currency } = plan;
  const journal = journalRows({
    ...plan.entry,
    creditorId,
    postings: plan.postings.map((x) => ({ ...x, creditorId, placementId })),
  });
  const doc = documentRows({
    ...plan.document,
    creditorId,
    placementId,
    type: "AGENCY_PAYMENT",
    currency,
    journalEntryId: plan.entry.id,
  });
  const r = plan.remittance;
  const c = plan.credit;
  return {
    attempt: attemptRow({
      ...input,
      id: plan.attemptId,
      currency,
      status: "succeeded",
      creditorId,
      placementId,
      installmentId: plan.installmentId,
    }),
    tables: [
      { table: journalEntries, rows: [journal.entry] },
      { table: postings, rows: journal.postings },
      {
        table: remittances,
        rows: r
          ? [
              remittanceRow({
                id: r.id,
                creditorId,
                placementId,
                paymentAttemptId: plan.attemptId,
                installmentId: plan.installmentId,
                status: "cleared",
                split: r,
                currency,
                rateBps: r.rateBps,
                journalEntryId: plan.entry.id,
                occurredAt: plan.entry.occurredAt,
              }),
            ]
          : [],
      },
      {
        table: customerCredits,
        rows: c
          ? [
              creditRow({
                id: c.id,
                creditorId,
                debtorId: c.debtorId,
                placementId,
                paymentAttemptId: plan.attemptId,
                amount: c.amount,
                currency,
                journalEntryId: plan.entry.id,
              }),
            ]
          : [],
      },
      {
        table: workItems,
        rows: [
          ...(c
            ? [
                workItemRow({
                  kind: "overpayment",
                  creditorId,
                  subjectType: "customer_credit",
                  subjectId: c.id,
                  ...c.overpayment,
                  causedAt: plan.entry.occurredAt,
                }),
              ]
            : []),
          ...(plan.review
            ? [
                workItemRow({
                  kind: "payment_review",
                  creditorId,
                  subjectType: "payment_attempt",
                  subjectId: plan.attemptId,
                  ...plan.review,
                  causedAt: plan.entry.occurredAt,
                }),
              ]
            : []),
        ],
        conflict: ["dedupeKey"],
      },
      { table: accountingDocuments, rows: [doc.document] },
      { table: documentLines, rows: doc.lines },
      {
        table: outbox,
        rows: [
          ...(plan.writeback
            ? [outboxRow("qbo.writeback", plan.writeback.idempotencyKey, plan.writeback.payload)]
            : []),
          // Outbound webhooks (remittance.created, placement.paid), requested in the payment's own statement.
          ...paymentWebhookEffects({
            creditorId,
            placementId,
            remittanceId: plan.remittance?.id,
            becamePaid: plan.placement.next.status === "paid" && plan.placement.expect.status !== "paid",
          }).map((e) => outboxRow(e.topic, e.idempotencyKey, e.payload)),
        ],
        conflict: ["idempotencyKey"],
      },
      {
        table: auditEvents,
        rows: [
          auditRow({
            ...plan.audit,
            category: "payments",
            creditorId,
            targetType: "placement",
            targetId: placementId,
          }),
        ],
      },
    ],
    placement: { id: placementId, ...plan.placement },
    installment:
      plan.installmentId && plan.installmentPaidAt
        ? { id: plan.installmentId, paidAt: plan.installmentPaidAt }
        : undefined,
  };
}

/** A payment that names no placement it can be applied to: the attempt, the operator's work item and the audit event. */
export function unmatchedPaymentWrite(
  attempt: typeof paymentAttempts.$inferInsert,
  item: {
    kind?: "unmatched_payment" | "ambiguous_payment";
    creditorId?: string | null;
    title: string;
    nextAction: string;
    evidence: Record<string, unknown>;
    dedupeKey: string;
    /** When the payment arrived: the item's age counts from then. */
    causedAt?: Date;
  },
  audit: { actor: Actor; details: Record<string, unknown> },
): PaymentWrite {
  const creditorId = attempt.creditorId ?? null;
  const { kind = "unmatched_payment", creditorId: itemCreditorId, ...rest } = item;
  return {
    attempt,
    tables: [
      {
        table: workItems,
        rows: [
          workItemRow({
            kind,
            creditorId: itemCreditorId ?? creditorId,
            subjectType: "payment_attempt",
            subjectId: attempt.id!,
            ...rest,
            causedAt: rest.causedAt ?? attempt.receivedAt,
          }),
        ],
        conflict: ["dedupeKey"],
      },
      {
        table: auditEvents,
        rows: [
          auditRow({
            ...audit,
            action: "payment.unmatched",
            category: "payments",
            creditorId,
            targetType: "payment_attempt",
            targetId: attempt.id!,
          }),
        ],
      },
    ],
  };
}

/** Control values of each payment: its lock and keys, its event and attempt, its placement as read and as it becomes. */
const CONTROL = {
  lock_key: "text",
  releases: "text[]",
  event_id: "text",
  attempt_id: "uuid",
  placement_id: "uuid",
  recovered_amount: "bigint",
  fee_amount: "bigint",
  status: '"placement_status"',
  updated_at: "timestamptz",
  old_recovered: "bigint",
  old_fee: "bigint",
  old_status: '"placement_status"',
} as const;
const INSTALLMENT_PAID = { id: "uuid", paid_at: "timestamptz" } as const;

function writeSql(p: Bind, writes: PaymentWrite[]): string {
  const control = writes.map((w, k) => ({
    k,
    row: {
      lock_key: w.event?.lockKey ?? null,
      releases: w.event?.releases ?? [],
      event_id: w.event?.row.eventId ?? null,
      attempt_id: w.attempt.id,
      placement_id: w.placement?.id ?? null,
      recovered_amount: w.placement?.next.recoveredAmount ?? null,
      fee_amount: w.placement?.next.feeAmount ?? null,
      status: w.placement?.next.status ?? null,
      updated_at: w.placement?.updatedAt ?? null,
      old_recovered: w.placement?.expect.recoveredAmount ?? null,
      old_fee: w.placement?.expect.feeAmount ?? null,
      old_status: w.placement?.expect.status ?? null,
    },
  }));
  const ids = writes.flatMap((w) => (w.placement ? [w.placement.id] : []));
  const events = writes.flatMap((w, k) => (w.event ? [{ k, row: w.event.row }] : []));
  const installments = writes.flatMap((w, k) =>
    w.installment ? [{ k, row: { id: w.installment.id, paid_at: w.installment.paidAt } }] : [],
  );
  const attempts: TableRows = {
    table: paymentAttempts,
    rows: writes.map((w, k) => ({ k, row: w.attempt })),
    conflict: ["source", "externalId"],
  };
  const rows = byTable(writes.map((w, k) => ({ k, tables: w.tables })));
  return `
    with j as (select * from ${recordset(p, CONTROL, control, "j")}),
    lk as (select j.k, clearbook_lock_payment(j.lock_key, j.releases) as waiters from (select * from j order by lock_key, k) as j),
    upd as (
      update placements pl set recovered_amount = j.recovered_amount, fee_amount = j.fee_amount, status = j.status, updated_at = j.updated_at
      from j
      where pl.id = j.placement_id and pl.id = any(${p(ids, "uuid[]")})
        and pl.recovered_amount = j.old_recovered and pl.fee_amount = j.old_fee and pl.status = j.old_status
        and j.k = any(array(select k from lk))
      returning j.k),
    ready as (select k from upd union all select j.k from j where j.placement_id is null and j.k = any(array(select k from lk)))${
      events.length
        ? `,
    ins_event as (${insertRows(p, { table: stripeEvents, rows: events, conflict: ["eventId"] }, "ready", "event_id")}),
    event_new as (select j.k from j where j.event_id = any(array(select event_id from ins_event)) or (j.event_id is null and j.k = any(array(select k from ready))))`
        : `,
    event_new as (select k from ready)`
    },
    ins_attempt as (${insertRows(p, attempts, "event_new", "id")}),
    ok as (select j.k from j where j.attempt_id = any(array(select id from ins_attempt)))${rows
      .map(
        (g, i) => `,
    w${i} as (${insertRows(p, g, "ok")})`,
      )
      .join("")}${
      installments.length
        ? `,
    inst as (
      update installments i set status = 'paid', paid_at = v.paid_at
      from ${recordset(p, INSTALLMENT_PAID, installments)}
      where i.id = v.id and v.k = any(array(select k from ok)))`
        : ""
    }
    select (select coalesce(array_agg(k), '{}') from ok) as written, (select coalesce(array_agg(k), '{}') from lk where waiters) as waiting,
      case when exists (select 1 from upd where k not in (select k from ok))
        then clearbook_retry('a placement was updated but its payment or event was recorded meanwhile by another delivery') else true end as checked`;
}
