import { and, eq, gte, ilike, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, disbursementItems, disbursements, placements, remittances, type remittanceStatus } from "@/db/schema";
import { decodeListCursor, keysetOrder, listLimit, seekAfter, sortValueText, toListPage, type SortDir, type SortKey } from "./list-cursor";
import { escapeLike } from "./placement-list";

export const REMITTANCE_SORTS = ["occurredAt", "recoveredAmount"] as const;
export type RemittanceSort = (typeof REMITTANCE_SORTS)[number];
export type RemittanceStatus = (typeof remittanceStatus.enumValues)[number];

export type RemittanceListParams = {
  /** From the session for creditors; optional for agency staff. */
  creditorId?: string;
  status?: RemittanceStatus;
  currency?: string;
  placementId?: string;
  /** Rows whose parent is this remittance (its reversals or reinstatements). */
  parentId?: string;
  /** Occurred on or after this date (YYYY-MM-DD, UTC). */
  from?: string;
  /** Occurred before this date (YYYY-MM-DD, UTC, exclusive). */
  to?: string;
  /** Invoice-number prefix or an exact remittance id. */
  search?: string;
  sort?: RemittanceSort;
  dir?: SortDir;
  cursor?: string;
  limit?: number;
};

const SORT_KEYS: Record<RemittanceSort, SortKey> = {
  occurredAt: { column: remittances.occurredAt, kind: "timestamp" },
  recoveredAmount: { column: remittances.recoveredAmount, kind: "bigint" },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A date string as the UTC midnight that starts it. */
export const utcDay = (date: string) => new Date(`${date}T00:00:00.000Z`);

function searchFilter(search: string | undefined) {
  const q = search?.trim();
  if (!q) return undefined;
  if (UUID.test(q)) return or(eq(remittances.id, q), eq(remittances.placementId, q));
  return ilike(placements.invoiceNumber, `${escapeLike(q)}%`);
}

/**
 * Remittance rows (cleared, reversed, reinstated), one keyset page at a time, with the rate
 * snapshotted on each row, the parent of every reversal, and the transfer that paid it out.
 */
export async function listRemittancePage(db: Db, params: RemittanceListParams) {
  const sort = params.sort ?? "occurredAt";
  const dir = params.dir ?? "desc";
  const key = SORT_KEYS[sort];
  const limit = listLimit(params.limit);
  const cursor = params.cursor ? decodeListCursor(params.cursor, sort, dir) : undefined;
  const rows = await db
    .select({
      id: remittances.id,
      creditorId: remittances.creditorId,
      creditorName: creditors.name,
      placementId: remittances.placementId,
      invoiceNumber: placements.invoiceNumber,
      parentRemittanceId: remittances.parentRemittanceId,
      status: remittances.status,
      reason: remittances.reason,
      recoveredAmount: remittances.recoveredAmount,
      feeAmount: remittances.feeAmount,
      netRemitAmount: remittances.netRemitAmount,
      currency: remittances.currency,
      contingencyPctSnapshot: remittances.contingencyPctSnapshot,
      occurredAt: remittances.occurredAt,
      transferRef: sql<string | null>`coalesce(${disbursements.stripeTransferId}, ${disbursements.achReference})`,
      sortValue: sortValueText(key),
    })
    .from(remittances)
    .innerJoin(placements, eq(placements.id, remittances.placementId))
    .innerJoin(creditors, eq(creditors.id, remittances.creditorId))
    .leftJoin(disbursementItems, eq(disbursementItems.remittanceId, remittances.id))
    .leftJoin(disbursements, eq(disbursements.id, disbursementItems.disbursementId))
    .where(
      and(
        params.creditorId ? eq(remittances.creditorId, params.creditorId) : undefined,
        params.status ? eq(remittances.status, params.status) : undefined,
        params.currency ? eq(remittances.currency, params.currency) : undefined,
        params.placementId && UUID.test(params.placementId) ? eq(remittances.placementId, params.placementId) : undefined,
        params.placementId && !UUID.test(params.placementId) ? sql`false` : undefined,
        params.parentId && UUID.test(params.parentId) ? eq(remittances.parentRemittanceId, params.parentId) : undefined,
        params.parentId && !UUID.test(params.parentId) ? sql`false` : undefined,
        params.from ? gte(remittances.occurredAt, utcDay(params.from)) : undefined,
        params.to ? lt(remittances.occurredAt, utcDay(params.to)) : undefined,
        searchFilter(params.search),
        cursor ? seekAfter(key, remittances.id, dir, cursor) : undefined,
      ),
    )
    .orderBy(...keysetOrder(key, remittances.id, dir))
    .limit(limit + 1);
  return toListPage(rows, limit, sort, dir);
}

export type RemittanceListRow = Awaited<ReturnType<typeof listRemittancePage>>["items"][number];

