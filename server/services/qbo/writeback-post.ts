import pLimit from "p-limit";
import { and, asc, eq, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAttempts, placements, qboPaymentMappings, remittances } from "@/db/schema";
import type { QboClient } from "@/server/integrations/qbo/client";
import { requestIdGeneration, writebackPayment } from "@/server/integrations/qbo/payment-body";
import type { QboCurrencyPrefs, QboInvoice, QboPayment } from "@/server/integrations/qbo/types";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { type QboDeps, getQboClientForCreditor } from "./connections";
import { type MappingRow, recordFailure, recordPosted } from "./writeback-record";
import { WritebackProblem, syncPaymentAmount } from "./writeback-sync";
import { checkWritebackCurrency } from "./writeback-currency";

/**
 * QuickBooks writeback, part 2: posting due mappings. Each claimed mapping becomes one
 * `POST /payment` against its invoice, memo-stamped `[ai-collect:placement={id}]`, with the
 * `requestid` derived from the payment attempt — so a retry after a lost answer replays the
 * first Payment instead of creating a second. Invoices are read in batches (`Id in (…)`) for their
 * customer; a payment whose net changed (reversal) then has its QBO Payment brought to that net.
 */
export type PostSummary = { posted: number; failed: number; creditors: number };

const LEASE_MS = 5 * 60_000;
const CREDITORS_IN_PARALLEL = 6;
/** Per company; the client's limiter keeps QBO's own ceilings whatever this says. */
const POSTS_IN_PARALLEL = 5;
const JOB: Actor = { type: "job", id: "qbo-writebacks" };

/** Claim due writebacks (optionally one creditor's) and post them. */
export async function postDueWritebacks(
  db: Db,
  params: { creditorId?: string; limit?: number; now?: Date } = {},
  deps?: QboDeps,
  actor: Actor = JOB,
): Promise<PostSummary> {
  const now = params.now ?? new Date();
  const claimed = await claimDueMappings(db, { ...params, now });
  const byCreditor = new Map<string, MappingRow[]>();
  for (const row of claimed) byCreditor.set(row.creditorId, [...(byCreditor.get(row.creditorId) ?? []), row]);
  const summary: PostSummary = { posted: 0, failed: 0, creditors: byCreditor.size };
  await mapLimit([...byCreditor], CREDITORS_IN_PARALLEL, async ([creditorId, rows]) => {
    const r = await postForCreditor(db, creditorId, rows, now, deps, actor);
    summary.posted += r.posted;
    summary.failed += r.failed;
  });
  return summary;
}

/** Due = not posted and `nextAttemptAt` passed. The claim is a lease (SKIP LOCKED; pushed forward). */
async function claimDueMappings(db: Db, p: { creditorId?: string; limit?: number; now: Date }): Promise<MappingRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: qboPaymentMappings.id })
      .from(qboPaymentMappings)
      .where(
        and(
          ne(qboPaymentMappings.status, "posted"),
          lte(qboPaymentMappings.nextAttemptAt, p.now),
          p.creditorId ? eq(qboPaymentMappings.creditorId, p.creditorId) : undefined,
        ),
      )
      .orderBy(asc(qboPaymentMappings.nextAttemptAt))
      .limit(p.limit ?? 500)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(qboPaymentMappings)
      .set({
        attempts: sql`${qboPaymentMappings.attempts} + 1`,
        nextAttemptAt: new Date(p.now.getTime() + LEASE_MS),
        updatedAt: p.now,
      })
      .where(
        inArray(
          qboPaymentMappings.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

type Context = {
  invoiceNumber: string;
  linkedInvoiceId: string | null;
  paymentRef: string;
  receivedAt: Date;
  net: bigint;
};

/** Everything a post needs from our side, for a batch of mappings, in one query (keyed by mapping id). */
async function loadContext(db: Db, rows: MappingRow[]): Promise<Map<string, Context>> {
  const found = await db
    .select({
      mappingId: qboPaymentMappings.id,
      paymentRef: paymentAttempts.externalId,
      receivedAt: paymentAttempts.receivedAt,
      invoiceNumber: placements.invoiceNumber,
      linkedInvoiceId: placements.qboInvoiceId,
      net: sql<string>`(select coalesce(sum(${remittances.recoveredAmount}), 0)::text from ${remittances} where ${remittances.paymentAttemptId} = ${qboPaymentMappings.paymentAttemptId})`,
    })
    .from(qboPaymentMappings)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, qboPaymentMappings.paymentAttemptId))
    .innerJoin(placements, eq(placements.id, qboPaymentMappings.placementId))
    .where(
      inArray(
        qboPaymentMappings.id,
        rows.map((r) => r.id),
      ),
    );
  return new Map(found.map((f) => [f.mappingId, { ...f, net: BigInt(f.net) }]));
}

async function postForCreditor(
  db: Db,
  creditorId: string,
  rows: MappingRow[],
  now: Date,
  deps: QboDeps | undefined,
  actor: Actor,
) {
  const out = { posted: 0, failed: 0 };
  const fail = async (row: MappingRow, err: unknown, extra: { qboPaymentId?: string; invoiceNumber?: string } = {}) => {
    out.failed++;
    await recordFailure(db, row, err, { now, ...extra }, actor);
  };
  let client: QboClient;
  let realmId: string;
  try {
    ({ client, realmId } = await getQboClientForCreditor(db, creditorId, deps));
  } catch (err) {
    for (const row of rows) await fail(row, err);
    return out;
  }
  const ctx = await loadContext(db, rows);
  const ready: MappingRow[] = [];
  for (const row of rows) {
    const c = ctx.get(row.id);
    try {
      if (!c)
        throw new WritebackProblem(`Payment ${row.paymentAttemptId} or its placement is missing.`, "missing_payment");
      if (row.realmId !== realmId)
        throw new WritebackProblem(
          `This payment was meant for QuickBooks company ${row.realmId}, but the creditor is now connected to ${realmId}; post it by hand or reconnect the original company.`,
          "realm_changed",
        );
      ready.push(await ensureInvoiceLink(db, client, row, c, actor));
    } catch (err) {
      await fail(row, err, { invoiceNumber: c?.invoiceNumber });
    }
  }
  // One batched read gives every invoice's customer (QBO needs CustomerRef on the Payment).
  // …and the company's currency settings, checked against each invoice before anything is posted.
  let invoices = new Map<string, QboInvoice>();
  let prefs: QboCurrencyPrefs = {};
  const toCreate = ready.filter((r) => !r.qboPaymentId);
  if (toCreate.length) {
    try {
      invoices = new Map((await client.queryInvoicesByIds(toCreate.map((r) => r.qboInvoiceId))).map((i) => [i.Id, i]));
      prefs = await client.getCurrencyPrefs();
    } catch (err) {
      for (const row of toCreate) await fail(row, err, { invoiceNumber: ctx.get(row.id)?.invoiceNumber });
      ready.splice(0, ready.length, ...ready.filter((r) => r.qboPaymentId));
    }
  }
  await mapLimit(ready, POSTS_IN_PARALLEL, async (row) => {
    const c = ctx.get(row.id)!;
    let payment: QboPayment | undefined;
    try {
      if (!row.qboPaymentId) {
        const inv = invoices.get(row.qboInvoiceId);
        if (!inv)
          throw new WritebackProblem(
            `QuickBooks has no invoice ${row.qboInvoiceId} (deleted, or in another company). Re-link placement ${c.invoiceNumber} to its invoice, then retry.`,
            "invoice_missing",
          );
        checkWritebackCurrency(row.currency, inv, prefs, c.invoiceNumber);
        const body = writebackPayment({
          customerId: inv.CustomerRef.value,
          invoiceId: row.qboInvoiceId,
          amount: row.amount,
          currency: row.currency,
          placementId: row.placementId,
          paymentRef: c.paymentRef,
          txnDate: c.receivedAt.toISOString().slice(0, 10),
        });
        payment = await client.createPayment(body, { requestId: row.requestId });
      } else {
        payment = await client.getPayment(row.qboPaymentId);
      }
      const needsSync = row.qboPaymentId !== null || c.net !== row.amount;
      const synced = needsSync
        ? await syncPaymentAmount(
            client,
            {
              paymentAttemptId: row.paymentAttemptId,
              invoiceId: row.qboInvoiceId,
              currency: row.currency,
              generation: requestIdGeneration(row.requestId),
            },
            payment,
            c.net,
          )
        : { payment, action: "none" as const };
      await recordPosted(
        db,
        row,
        { qboPaymentId: synced.payment.Id, netAmount: c.net, action: synced.action, now },
        actor,
      );
      out.posted++;
    } catch (err) {
      await fail(row, err, { qboPaymentId: payment?.Id, invoiceNumber: c.invoiceNumber });
    }
  });
  return out;
}

/** A mapping whose placement has no QBO invoice yet: link it by the creditor's invoice number (DocNumber). */
async function ensureInvoiceLink(
  db: Db,
  client: QboClient,
  row: MappingRow,
  c: Context,
  actor: Actor,
): Promise<MappingRow> {
  if (row.qboInvoiceId) return row;
  let invoiceId = c.linkedInvoiceId;
  if (!invoiceId) {
    const matches = await client.findInvoicesByDocNumber(c.invoiceNumber);
    if (matches.length !== 1) {
      throw new WritebackProblem(
        matches.length === 0
          ? `No QuickBooks invoice has the number ${c.invoiceNumber}, so the payment cannot be applied. Create or renumber the invoice in QuickBooks (or link the placement), then retry.`
          : `${matches.length} QuickBooks invoices have the number ${c.invoiceNumber} (ids ${matches.map((m) => m.Id).join(", ")}); link the placement to the right one, then retry.`,
        matches.length === 0 ? "invoice_not_found" : "invoice_ambiguous",
      );
    }
    invoiceId = matches[0]!.Id;
  }
  await db.transaction(async (tx) => {
    const linked = await tx
      .update(placements)
      .set({ qboInvoiceId: invoiceId, updatedAt: new Date() })
      .where(and(eq(placements.id, row.placementId), isNull(placements.qboInvoiceId)))
      .returning({ id: placements.id });
    await tx.update(qboPaymentMappings).set({ qboInvoiceId: invoiceId }).where(eq(qboPaymentMappings.id, row.id));
    if (linked.length) {
      await recordAudit(tx, {
        actor,
        action: "qbo.placement.linked",
        category: "qbo",
        creditorId: row.creditorId,
        targetType: "placement",
        targetId: row.placementId,
        details: { qboInvoiceId: invoiceId, invoiceNumber: c.invoiceNumber, by: "invoice number lookup" },
      });
    }
  });
  return { ...row, qboInvoiceId: invoiceId };
}

/** Run `fn` over `items` with at most `limit` at a time (p-limit). */
async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const atOnce = pLimit(limit);
  await Promise.all(items.map((item) => atOnce(() => fn(item))));
}
