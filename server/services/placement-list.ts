import { and, eq, gte, ilike, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, debtors, placements, type placementStatus } from "@/db/schema";
import { decodeListCursor, keysetOrder, listLimit, seekAfter, sortValueText, toListPage, type SortDir, type SortKey } from "./list-cursor";

export const PLACEMENT_SORTS = ["placedAt", "dueDate", "invoiceAmount"] as const;
export type PlacementSort = (typeof PLACEMENT_SORTS)[number];
export type PlacementStatus = (typeof placementStatus.enumValues)[number];

export type PlacementListParams = {
  /** The creditor whose placements to list: from the session for creditors; optional for agency staff. */
  creditorId?: string;
  status?: PlacementStatus;
  currency?: string;
  /** Invoice number prefix, debtor name fragment, or an exact placement id. */
  search?: string;
  /** Due on or after this date (YYYY-MM-DD). */
  dueFrom?: string;
  /** Due on or before this date (YYYY-MM-DD). */
  dueTo?: string;
  sort?: PlacementSort;
  dir?: SortDir;
  cursor?: string;
  limit?: number;
};

const SORT_KEYS: Record<PlacementSort, SortKey> = {
  placedAt: { column: placements.placedAt, kind: "timestamp" },
  dueDate: { column: placements.dueDate, kind: "date" },
  invoiceAmount: { column: placements.invoiceAmount, kind: "bigint" },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** LIKE treats % and _ as wildcards; a search for "INV_1" means those characters literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Search: an exact id, an invoice-number prefix or a debtor-name fragment (case-insensitive). */
export function placementSearch(search: string | undefined) {
  const q = search?.trim();
  if (!q) return undefined;
  if (UUID.test(q)) return eq(placements.id, q);
  const like = escapeLike(q);
  return or(ilike(placements.invoiceNumber, `${like}%`), ilike(debtors.name, `%${like}%`));
}

/**
 * Placements, one keyset page at a time, searched, filtered and sorted in the database. Creditors
 * always pass their own id (from the session); staff may leave it out to see every creditor's.
 */
export async function listPlacementPage(db: Db, params: PlacementListParams) {
  const sort = params.sort ?? "placedAt";
  const dir = params.dir ?? "desc";
  const key = SORT_KEYS[sort];
  const limit = listLimit(params.limit);
  const cursor = params.cursor ? decodeListCursor(params.cursor, sort, dir) : undefined;
  const rows = await db
    .select({
      id: placements.id,
      creditorId: placements.creditorId,
      creditorName: creditors.name,
      invoiceNumber: placements.invoiceNumber,
      debtorName: debtors.name,
      invoiceAmount: placements.invoiceAmount,
      recoveredAmount: placements.recoveredAmount,
      feeAmount: placements.feeAmount,
      currency: placements.currency,
      dueDate: placements.dueDate,
      status: placements.status,
      placedAt: placements.placedAt,
      sortValue: sortValueText(key),
    })
    .from(placements)
    .innerJoin(debtors, eq(debtors.id, placements.debtorId))
    .innerJoin(creditors, eq(creditors.id, placements.creditorId))
    .where(
      and(
        params.creditorId ? eq(placements.creditorId, params.creditorId) : undefined,
        params.status ? eq(placements.status, params.status) : undefined,
        params.currency ? eq(placements.currency, params.currency) : undefined,
        params.dueFrom ? gte(placements.dueDate, params.dueFrom) : undefined,
        params.dueTo ? lte(placements.dueDate, params.dueTo) : undefined,
        placementSearch(params.search),
        cursor ? seekAfter(key, placements.id, dir, cursor) : undefined,
      ),
    )
    .orderBy(...keysetOrder(key, placements.id, dir))
    .limit(limit + 1);
  const page = toListPage(rows, limit, sort, dir);
  return { ...page, items: page.items.map((r) => ({ ...r, outstandingAmount: r.invoiceAmount - r.recoveredAmount })) };
}

export type PlacementListRow = Awaited<ReturnType<typeof listPlacementPage>>["items"][number];

/** The one placement row behind a page: scoped to a creditor when one is given. */
export async function findPlacement(db: Db, placementId: string, creditorId?: string) {
  if (!UUID.test(placementId)) return undefined;
  const [row] = await db
    .select({
      id: placements.id,
      creditorId: placements.creditorId,
      creditorName: creditors.name,
      invoiceNumber: placements.invoiceNumber,
      qboInvoiceId: placements.qboInvoiceId,
      debtorName: debtors.name,
      debtorEmail: debtors.email,
      invoiceAmount: placements.invoiceAmount,
      recoveredAmount: placements.recoveredAmount,
      feeAmount: placements.feeAmount,
      currency: placements.currency,
      dueDate: placements.dueDate,
      status: placements.status,
      placedAt: placements.placedAt,
      updatedAt: placements.updatedAt,
      customerCredit: sql<string>`(select coalesce(sum(amount), 0)::text from customer_credits cc where cc.placement_id = ${placements.id} and cc.status = 'open')`,
    })
    .from(placements)
    .innerJoin(debtors, eq(debtors.id, placements.debtorId))
    .innerJoin(creditors, eq(creditors.id, placements.creditorId))
    .where(and(eq(placements.id, placementId), creditorId ? eq(placements.creditorId, creditorId) : undefined));
  if (!row) return undefined;
  return { ...row, customerCredit: BigInt(row.customerCredit), outstandingAmount: row.invoiceAmount - row.recoveredAmount };
}
