import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  accountingDocuments,
  auditEvents,
  customerCredits,
  disbursementItems,
  disbursements,
  documentLines,
  installments,
  journalEntries,
  paymentAttempts,
  paymentPlans,
  remittances,
  workItems,
} from "@/db/schema";
import { paymentCashStates } from "./cash-truth";

type Base = { id: string; at: Date };
export type TimelineEvent =
  | (Base & { kind: "placed"; invoiceNumber: string; amount: bigint; currency: string })
  | (Base & {
      kind: "plan";
      status: string;
      currency: string;
      installments: Array<{ seq: number; dueDate: string; amount: bigint; status: string }>;
    })
  | (Base & { kind: "payment"; source: string; externalId: string; amount: bigint; currency: string; status: string })
  | (Base & {
      kind: "remittance";
      status: string;
      reason: string | null;
      recovered: bigint;
      fee: bigint;
      net: bigint;
      currency: string;
      rateBps: number;
      parentId: string | null;
      parentAt: Date | null;
      paymentAttemptId: string;
    })
  | (Base & { kind: "credit"; amount: bigint; currency: string; status: string })
  | (Base & {
      kind: "document";
      type: string;
      number: string;
      amount: bigint;
      currency: string;
      valueDate: string;
      originalType: string | null;
      originalNumber: string | null;
      lines: Array<{ allocateTo: string; amount: bigint }>;
    })
  | (Base & {
      kind: "audit";
      action: string;
      category: string;
      actorType: string;
      actorId: string;
      details: Record<string, unknown>;
    })
  | (Base & { kind: "work_item"; workKind: string; status: string; title: string; nextAction: string })
  | (Base & {
      kind: "paid_out";
      amount: bigint;
      currency: string;
      method: string | null;
      reference: string | null;
      remittanceId: string;
    })
  | (Base & {
      kind: "cash";
      state: "settled" | "bank_confirmed";
      paymentAttemptId: string;
      externalId: string;
      payoutId: string;
      bankDate: string | null;
    });

// Within one instant the story reads cause → effect: the payment, the row it minted, its document, then the record of it.
const ORDER: Record<TimelineEvent["kind"], number> = {
  placed: 0,
  plan: 1,
  payment: 2,
  remittance: 3,
  credit: 4,
  document: 5,
  work_item: 6,
  audit: 7,
  cash: 8,
  paid_out: 9,
};

/**
 * Everything that happened to one placement, oldest first: payments, remittance rows (reversals
 * with their parent), customer credits, accounting documents with their lines, plans, audit
 * events and (for staff) work items. The caller has already checked the placement is theirs.
 */
export async function placementTimeline(
  db: Db,
  placement: { id: string; placedAt: Date; invoiceNumber: string; invoiceAmount: bigint; currency: string },
  opts: { includeWorkItems?: boolean } = {},
): Promise<TimelineEvent[]> {
  const pid = placement.id;
  const [payments, rems, credits, docs, plans, insts] = await Promise.all([
    db.select().from(paymentAttempts).where(eq(paymentAttempts.placementId, pid)),
    db.select().from(remittances).where(eq(remittances.placementId, pid)),
    db.select().from(customerCredits).where(eq(customerCredits.placementId, pid)),
    db
      .select({ doc: accountingDocuments, at: journalEntries.occurredAt })
      .from(accountingDocuments)
      .leftJoin(journalEntries, eq(journalEntries.id, accountingDocuments.journalEntryId))
      .where(eq(accountingDocuments.placementId, pid)),
    db.select().from(paymentPlans).where(eq(paymentPlans.placementId, pid)),
    db.select().from(installments).where(eq(installments.placementId, pid)).orderBy(asc(installments.seq)),
  ]);
  const paymentIds = payments.map((p) => p.id);
  const cash = await paymentCashStates(db, { placementIds: [pid] });
  const docIds = docs.map((d) => d.doc.id);
  const [audits, lines, items] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(
        or(
          and(eq(auditEvents.targetType, "placement"), eq(auditEvents.targetId, pid)),
          paymentIds.length
            ? and(eq(auditEvents.targetType, "payment_attempt"), inArray(auditEvents.targetId, paymentIds))
            : undefined,
        ),
      ),
    docIds.length
      ? db.select().from(documentLines).where(inArray(documentLines.documentId, docIds))
      : Promise.resolve([]),
    opts.includeWorkItems
      ? db
          .select()
          .from(workItems)
          .where(
            or(
              and(eq(workItems.subjectType, "placement"), eq(workItems.subjectId, pid)),
              sql`${workItems.evidence}->>'placementId' = ${pid}`,
            ),
          )
      : Promise.resolve([]),
  ]);

  const remAt = new Map(rems.map((r) => [r.id, r.occurredAt]));
  const events: TimelineEvent[] = [
    {
      kind: "placed",
      id: pid,
      at: placement.placedAt,
      invoiceNumber: placement.invoiceNumber,
      amount: placement.invoiceAmount,
      currency: placement.currency,
    },
    ...plans.map((p): TimelineEvent => ({
      kind: "plan",
      id: p.id,
      at: p.createdAt,
      status: p.status,
      currency: placement.currency,
      installments: insts
        .filter((i) => i.planId === p.id)
        .map((i) => ({ seq: i.seq, dueDate: i.dueDate, amount: i.amount, status: i.status })),
    })),
    ...payments.map((p): TimelineEvent => ({
      kind: "payment",
      id: p.id,
      at: p.receivedAt,
      source: p.source,
      externalId: p.externalId,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
    })),
    ...rems.map((r): TimelineEvent => ({
      kind: "remittance",
      id: r.id,
      at: r.occurredAt,
      status: r.status,
      reason: r.reason,
      recovered: r.recoveredAmount,
      fee: r.feeAmount,
      net: r.netRemitAmount,
      currency: r.currency,
      rateBps: r.rateBpsSnapshot,
      parentId: r.parentRemittanceId,
      parentAt: r.parentRemittanceId ? (remAt.get(r.parentRemittanceId) ?? null) : null,
      paymentAttemptId: r.paymentAttemptId,
    })),
    ...credits.map((c): TimelineEvent => ({
      kind: "credit",
      id: c.id,
      at: payments.find((p) => p.id === c.paymentAttemptId)?.receivedAt ?? c.createdAt,
      amount: c.amount,
      currency: c.currency,
      status: c.status,
    })),
    ...docs.map(({ doc, at }): TimelineEvent => ({
      kind: "document",
      id: doc.id,
      at: at ?? new Date(`${doc.valueDate}T00:00:00Z`),
      type: doc.type,
      number: doc.number,
      amount: doc.amount,
      currency: doc.currency,
      valueDate: doc.valueDate,
      originalType: doc.originalType,
      originalNumber: doc.originalNumber,
      lines: lines.filter((l) => l.documentId === doc.id).map((l) => ({ allocateTo: l.allocateTo, amount: l.amount })),
    })),
    ...audits.map((a): TimelineEvent => ({
      kind: "audit",
      id: a.id,
      at: a.occurredAt,
      action: a.action,
      category: a.category,
      actorType: a.actorType,
      actorId: a.actorId,
      details: a.details,
    })),
    ...cash.flatMap((c): TimelineEvent[] => {
      if (!c.payoutId) return [];
      const externalId = payments.find((p) => p.id === c.paymentAttemptId)?.externalId ?? c.paymentAttemptId;
      const base = { paymentAttemptId: c.paymentAttemptId, externalId, payoutId: c.payoutId, bankDate: c.bankDate };
      const settled: TimelineEvent = {
        kind: "cash",
        id: `settled-${c.paymentAttemptId}`,
        at: new Date(`${c.payoutArrival}T12:00:00Z`),
        state: "settled",
        ...base,
      };
      return c.bankDate
        ? [
            settled,
            {
              kind: "cash",
              id: `bank-${c.paymentAttemptId}`,
              // Never before its settlement, even when the statement is dated the payout's arrival day.
              at: new Date(Math.max(Date.parse(`${c.bankDate}T12:00:00Z`), settled.at.getTime() + 1)),
              state: "bank_confirmed",
              ...base,
            },
          ]
        : [settled];
    }),
    ...items.map((w): TimelineEvent => ({
      kind: "work_item",
      id: w.id,
      at: w.createdAt,
      workKind: w.kind,
      status: w.status,
      title: w.title,
      nextAction: w.nextAction,
    })),
  ];
  return sortTimeline(events);
}

/** Oldest first; within one instant, cause before effect. */
export function sortTimeline<T extends TimelineEvent>(events: T[]): T[] {
  return events.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || ORDER[a.kind] - ORDER[b.kind] || (a.id < b.id ? -1 : 1),
  );
}

/** Audit events a creditor reads as part of the story (the rest is bookkeeping or repeats a payment). */
const CREDITOR_AUDIT_ACTIONS = new Set([
  "qbo.writeback.posted",
  "qbo.writeback.synced",
  "placement.closed_uncollected",
  "placement.recalled",
  "placement.paid",
]);

/**
 * The placement's story in the creditor's words: payments received, refunded, charged back,
 * written back to QuickBooks, paid out — by when they happened. Accounting documents and internal
 * records (how we booked it, who seeded what) stay in the back-office's ledger view.
 */
export async function creditorStory(db: Db, events: TimelineEvent[]): Promise<TimelineEvent[]> {
  const remIds = events.flatMap((e) => (e.kind === "remittance" ? [e.id] : []));
  const payouts = remIds.length
    ? await db
        .select({
          remittanceId: disbursementItems.remittanceId,
          disbursementId: disbursements.id,
          status: disbursements.status,
          method: disbursements.method,
          reference: sql<string | null>`coalesce(${disbursements.stripeTransferId}, ${disbursements.achReference})`,
          at: sql<Date>`coalesce(${disbursements.paidAt}, ${disbursements.sentAt}, ${disbursements.approvedAt})`,
          net: remittances.netRemitAmount,
          currency: remittances.currency,
        })
        .from(disbursementItems)
        .innerJoin(disbursements, eq(disbursements.id, disbursementItems.disbursementId))
        .innerJoin(remittances, eq(remittances.id, disbursementItems.remittanceId))
        .where(
          and(
            inArray(disbursementItems.remittanceId, remIds),
            isNull(disbursementItems.releasedAt),
            inArray(disbursements.status, ["sent", "paid"]),
          ),
        )
    : [];
  const kept = events.filter(
    (e) =>
      e.kind !== "document" && e.kind !== "work_item" && (e.kind !== "audit" || CREDITOR_AUDIT_ACTIONS.has(e.action)),
  );
  const paidOut = payouts
    .filter((p) => p.at)
    .map((p): TimelineEvent => ({
      kind: "paid_out",
      id: `paid-out-${p.remittanceId}`,
      at: p.at instanceof Date ? p.at : new Date(p.at),
      amount: p.net,
      currency: p.currency,
      method: p.method,
      reference: p.reference,
      remittanceId: p.remittanceId,
    }));
  return sortTimeline([...kept, ...paidOut]);
}
