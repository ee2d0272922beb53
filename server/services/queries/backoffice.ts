import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  creditorRates,
  creditors,
  paymentAttempts,
  placements,
  users,
  type paymentSource,
  type paymentStatus,
} from "@/db/schema";
import { keyset, type PageRequest, type SortKey } from "@/server/lib/list-cursor";
import { escapeLike, utcDay } from "@/server/lib/list-filters";

const NAME_KEY: SortKey = { column: creditors.name, kind: "text" };
/**
 * The outer row's id, table-qualified. In a one-table select drizzle writes `${creditors.id}` as a bare
 * "id", which inside a subquery means the subquery's own table's id: every count came out 0.
 */
const CREDITOR_ID = sql`${creditors}.${sql.identifier(creditors.id.name)}`;

/** Creditors by name, one keyset page at a time, with their current rate and open-work counts. */
export async function listCreditorPage(db: Db, params: { search?: string } & PageRequest) {
  const ks = keyset("name", NAME_KEY, creditors.id, "asc", params);
  const q = params.search?.trim();
  const rows = await db
    .select({
      id: creditors.id,
      name: creditors.name,
      slug: creditors.slug,
      defaultCurrency: creditors.defaultCurrency,
      contingencyRateBps: creditors.contingencyRateBps,
      createdAt: creditors.createdAt,
      openPlacements: sql<number>`(select count(*)::int from placements p where p.creditor_id = ${CREDITOR_ID} and p.status = 'open')`,
      openWorkItems: sql<number>`(select count(*)::int from work_items w where w.creditor_id = ${CREDITOR_ID} and w.status in ('open', 'in_progress'))`,
      scheduledRateBps: sql<
        number | null
      >`(select r.rate_bps from creditor_rates r where r.creditor_id = ${CREDITOR_ID} and r.effective_from > now() order by r.effective_from limit 1)`,
      sortValue: ks.sortValue,
    })
    .from(creditors)
    .where(
      and(
        q ? or(ilike(creditors.name, `%${escapeLike(q)}%`), ilike(creditors.slug, `${escapeLike(q)}%`)) : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  return ks.page(rows);
}

/** One creditor for the back-office: rate history (past and scheduled), people, and book totals per currency. */
export async function creditorDetail(db: Db, creditorId: string, now = new Date()) {
  const [creditor] = await db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) return undefined;
  const [rates, people, book] = await Promise.all([
    db
      .select()
      .from(creditorRates)
      .where(eq(creditorRates.creditorId, creditorId))
      .orderBy(desc(creditorRates.effectiveFrom)),
    db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.creditorId, creditorId))
      .orderBy(asc(users.email)),
    db
      .select({
        currency: placements.currency,
        status: placements.status,
        placements: sql<number>`count(*)::int`,
        invoiced: sql<string>`sum(${placements.invoiceAmount})::text`,
        recovered: sql<string>`sum(${placements.recoveredAmount})::text`,
        fees: sql<string>`sum(${placements.feeAmount})::text`,
      })
      .from(placements)
      .where(eq(placements.creditorId, creditorId))
      .groupBy(placements.currency, placements.status),
  ]);
  // "user:<id>" in the rate history → the person's name; machines keep their label.
  const userIds = [
    ...new Set(
      rates.map((r) => /^user:([0-9a-f-]{36})$/i.exec(r.createdBy)?.[1]).filter((x): x is string => Boolean(x)),
    ),
  ];
  const names = new Map(
    userIds.length
      ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds))).map((u) => [
          `user:${u.id}`,
          u.name,
        ])
      : [],
  );
  const named = rates.map((r) => ({
    ...r,
    createdByName: names.get(r.createdBy) ?? r.createdBy.replace(/^(\w+):/, "$1 "),
  }));
  const current = named.find((r) => r.effectiveFrom <= now);
  return {
    creditor,
    currentRate: current ?? null,
    scheduledRates: named.filter((r) => r.effectiveFrom > now).reverse(),
    rates: named,
    people,
    book: book.map((b) => ({
      ...b,
      invoiced: BigInt(b.invoiced),
      recovered: BigInt(b.recovered),
      fees: BigInt(b.fees),
    })),
  };
}

export type PaymentListParams = {
  creditorId?: string;
  status?: (typeof paymentStatus.enumValues)[number];
  source?: (typeof paymentSource.enumValues)[number];
  /** External id (PaymentIntent, bank reference) prefix. */
  search?: string;
  from?: string;
  to?: string;
} & PageRequest;

const RECEIVED_KEY: SortKey = { column: paymentAttempts.receivedAt, kind: "timestamp" };

/** Payment attempts across creditors (matched or not), newest first, one keyset page at a time. */
export async function listPaymentPage(db: Db, params: PaymentListParams) {
  const ks = keyset("receivedAt", RECEIVED_KEY, paymentAttempts.id, "desc", params);
  const q = params.search?.trim();
  const rows = await db
    .select({
      id: paymentAttempts.id,
      creditorId: paymentAttempts.creditorId,
      creditorName: creditors.name,
      placementId: paymentAttempts.placementId,
      invoiceNumber: placements.invoiceNumber,
      source: paymentAttempts.source,
      externalId: paymentAttempts.externalId,
      amount: paymentAttempts.amount,
      currency: paymentAttempts.currency,
      status: paymentAttempts.status,
      receivedAt: paymentAttempts.receivedAt,
      sortValue: ks.sortValue,
    })
    .from(paymentAttempts)
    .leftJoin(creditors, eq(creditors.id, paymentAttempts.creditorId))
    .leftJoin(placements, eq(placements.id, paymentAttempts.placementId))
    .where(
      and(
        params.creditorId ? eq(paymentAttempts.creditorId, params.creditorId) : undefined,
        params.status ? eq(paymentAttempts.status, params.status) : undefined,
        params.source ? eq(paymentAttempts.source, params.source) : undefined,
        q
          ? or(
              ilike(paymentAttempts.externalId, `${escapeLike(q)}%`),
              ilike(placements.invoiceNumber, `${escapeLike(q)}%`),
            )
          : undefined,
        params.from ? gte(paymentAttempts.receivedAt, utcDay(params.from)) : undefined,
        params.to ? lt(paymentAttempts.receivedAt, utcDay(params.to)) : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  return ks.page(rows);
}
