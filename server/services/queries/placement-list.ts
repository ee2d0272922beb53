import { and, eq, gte, ilike, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, debtors, placements, type placementStatus } from "@/db/schema";
import { notFound } from "@/server/errors";
import { keyset, type PageRequest, type SortDir, type SortKey } from "@/server/lib/list-cursor";
import { escapeLike, isUuid } from "@/server/lib/list-filters";
import { displayStatus, outstandingMinor } from "@/server/domain/settlements";

export const PLACEMENT_SORTS = ["placedAt", "dueDate", "invoiceAmount"] as const;
export type PlacementSort = (typeof PLACEMENT_SORTS)[number];
export type PlacementStatus = (typeof placementStatus.enumValues)[number];

/**
 * What a placement list can ask for. The portal and back-office search and sort; /v1 and the
 * `placements.list` procedure filter by exact invoice number and placement instants, newest first.
 */
export type PlacementListParams = {
  /** The creditor whose placements to list: from the session for creditors; optional for agency staff. */
  creditorId?: string;
  status?: PlacementStatus;
  currency?: string;
  /** Invoice number prefix, debtor name fragment, or an exact placement id. */
  search?: string;
  /** Exactly this invoice number. */
  invoiceNumber?: string;
  /** Due on or after this date (YYYY-MM-DD). */
  dueFrom?: string;
  /** Due on or before this date (YYYY-MM-DD). */
  dueTo?: string;
  /** Placed at or after this instant. */
  placedFrom?: Date;
  /** Placed strictly before this instant. */
  placedTo?: Date;
  sort?: PlacementSort;
  dir?: SortDir;
} & PageRequest;

const SORT_KEYS: Record<PlacementSort, SortKey> = {
  placedAt: { column: placements.placedAt, kind: "timestamp" },
  dueDate: { column: placements.dueDate, kind: "date" },
  invoiceAmount: { column: placements.invoiceAmount, kind: "bigint" },
};

/** A placement as every list and page reads it: the invoice, its debtor and creditor, what was recovered. */
const columns = {
  id: placements.id,
  creditorId: placements.creditorId,
  creditorName: creditors.name,
  invoiceNumber: placements.invoiceNumber,
  qboInvoiceId: placements.qboInvoiceId,
  debtorId: placements.debtorId,
  debtorName: debtors.name,
  debtorEmail: debtors.email,
  invoiceAmount: placements.invoiceAmount,
  recoveredAmount: placements.recoveredAmount,
  feeAmount: placements.feeAmount,
  currency: placements.currency,
  dueDate: placements.dueDate,
  status: placements.status,
  directPaidAmount: placements.directPaidAmount,
  writtenOffAmount: placements.writtenOffAmount,
  /** Money was reversed and an operator has not yet decided the placement's future. */
  isDecisionPending: sql<boolean>`exists (select 1 from work_items w where w.kind = 'reversal_decision'
    and w.status in ('open', 'in_progress') and w.subject_type = 'placement' and w.subject_id = ${placements.id}::text)`,
  placedAt: placements.placedAt,
  updatedAt: placements.updatedAt,
};

type Figures = {
  status: PlacementStatus;
  invoiceAmount: bigint;
  recoveredAmount: bigint;
  directPaidAmount: bigint;
  writtenOffAmount: bigint;
  isDecisionPending: boolean;
};

const withOutstanding = <T extends Figures>(row: T) => {
  const outstandingAmount = outstandingMinor(row);
  return { ...row, outstandingAmount, displayStatus: displayStatus({ ...row, outstandingAmount }) };
};

/** Search: an exact id, an invoice-number prefix or a debtor-name fragment (case-insensitive). */
export function placementSearch(search: string | undefined) {
  const q = search?.trim();
  if (!q) return undefined;
  if (isUuid(q)) return eq(placements.id, q);
  const like = escapeLike(q);
  return or(ilike(placements.invoiceNumber, `${like}%`), ilike(debtors.name, `%${like}%`));
}

/**
 * Placements, one keyset page at a time, searched, filtered and sorted in the database (newest
 * placed first unless asked otherwise). Creditors always pass their own id (from the session);
 * staff may leave it out to see every creditor's.
 */
export async function listPlacementPage(db: Db, params: PlacementListParams) {
  const sort = params.sort ?? "placedAt";
  const ks = keyset(sort, SORT_KEYS[sort], placements.id, params.dir ?? "desc", params);
  const rows = await db
    .select({ ...columns, sortValue: ks.sortValue })
    .from(placements)
    .innerJoin(debtors, eq(debtors.id, placements.debtorId))
    .innerJoin(creditors, eq(creditors.id, placements.creditorId))
    .where(
      and(
        params.creditorId ? eq(placements.creditorId, params.creditorId) : undefined,
        params.status ? eq(placements.status, params.status) : undefined,
        params.currency ? eq(placements.currency, params.currency) : undefined,
        params.invoiceNumber ? eq(placements.invoiceNumber, params.invoiceNumber) : undefined,
        params.dueFrom ? gte(placements.dueDate, params.dueFrom) : undefined,
        params.dueTo ? lte(placements.dueDate, params.dueTo) : undefined,
        params.placedFrom ? gte(placements.placedAt, params.placedFrom) : undefined,
        params.placedTo ? lt(placements.placedAt, params.placedTo) : undefined,
        placementSearch(params.search),
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const page = ks.page(rows);
  return { ...page, items: page.items.map(withOutstanding) };
}

export type PlacementListRow = Awaited<ReturnType<typeof listPlacementPage>>["items"][number];

/** The one placement behind a page, with its open customer credit: scoped to a creditor when one is given. */
export async function findPlacement(db: Db, placementId: string, creditorId?: string) {
  if (!isUuid(placementId)) return undefined;
  const [row] = await db
    .select({
      ...columns,
      customerCredit: sql<string>`(select coalesce(sum(amount), 0)::text from customer_credits cc where cc.placement_id = ${placements.id} and cc.status = 'open')`,
    })
    .from(placements)
    .innerJoin(debtors, eq(debtors.id, placements.debtorId))
    .innerJoin(creditors, eq(creditors.id, placements.creditorId))
    .where(and(eq(placements.id, placementId), creditorId ? eq(placements.creditorId, creditorId) : undefined));
  if (!row) return undefined;
  return withOutstanding({ ...row, customerCredit: BigInt(row.customerCredit) });
}

/** One placement of this creditor; another creditor's answers exactly like a missing one (NOT_FOUND). */
export async function getPlacement(db: Db, creditorId: string, placementId: string) {
  const row = await findPlacement(db, placementId, creditorId);
  if (!row) throw notFound("placement");
  return row;
}

/** Several placements of this creditor by id, in the order asked (ids of other creditors are left out). */
export async function getPlacementsByIds(db: Db, creditorId: string, ids: string[]) {
  const rows = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    rows.push(
      ...(await db
        .select(columns)
        .from(placements)
        .innerJoin(debtors, eq(debtors.id, placements.debtorId))
        .innerJoin(creditors, eq(creditors.id, placements.creditorId))
        .where(and(eq(placements.creditorId, creditorId), inArray(placements.id, part)))),
    );
  }
  const byId = new Map(rows.map((r) => [r.id, withOutstanding(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
