import { and, eq, gte, ilike, lt, or, sql, type AnyColumn } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  creditors,
  disbursementItems,
  disbursements,
  placements,
  remittances,
  type remittanceStatus,
} from "@/db/schema";
import { notFound } from "@/server/errors";
import { keyset, type PageRequest, type SortDir, type SortKey } from "@/server/lib/list-cursor";
import { escapeLike, isUuid } from "@/server/lib/list-filters";

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
  /** Occurred at or after this instant. */
  occurredFrom?: Date;
  /** Occurred strictly before this instant. */
  occurredTo?: Date;
  /** Invoice-number prefix or an exact remittance (or placement) id. */
  search?: string;
  sort?: RemittanceSort;
  dir?: SortDir;
} & PageRequest;

const SORT_KEYS: Record<RemittanceSort, SortKey> = {
  occurredAt: { column: remittances.occurredAt, kind: "timestamp" },
  recoveredAmount: { column: remittances.recoveredAmount, kind: "bigint" },
};

/** A remittance row as every list and page reads it: the rate snapshot, the parent of a reversal, the transfer that paid it out. */
const columns = {
  id: remittances.id,
  creditorId: remittances.creditorId,
  creditorName: creditors.name,
  placementId: remittances.placementId,
  invoiceNumber: placements.invoiceNumber,
  parentRemittanceId: remittances.parentRemittanceId,
  installmentId: remittances.installmentId,
  status: remittances.status,
  reason: remittances.reason,
  recoveredAmount: remittances.recoveredAmount,
  feeAmount: remittances.feeAmount,
  netRemitAmount: remittances.netRemitAmount,
  currency: remittances.currency,
  rateBpsSnapshot: remittances.rateBpsSnapshot,
  occurredAt: remittances.occurredAt,
  createdAt: remittances.createdAt,
  transferRef: sql<string | null>`coalesce(${disbursements.stripeTransferId}, ${disbursements.achReference})`,
};

/** An id filter: a string that cannot be an id matches nothing (instead of failing the uuid cast). */
const idIs = (column: AnyColumn, id: string | undefined) =>
  id === undefined ? undefined : isUuid(id) ? eq(column, id) : sql`false`;

function searchFilter(search: string | undefined) {
  const q = search?.trim();
  if (!q) return undefined;
  if (isUuid(q)) return or(eq(remittances.id, q), eq(remittances.placementId, q));
  return ilike(placements.invoiceNumber, `${escapeLike(q)}%`);
}

/**
 * Remittance rows (cleared, reversed, reinstated), one keyset page at a time (newest first unless
 * asked otherwise). Creditors always pass their own id (from the session); staff may leave it out.
 */
export async function listRemittancePage(db: Db, params: RemittanceListParams) {
  const sort = params.sort ?? "occurredAt";
  const ks = keyset(sort, SORT_KEYS[sort], remittances.id, params.dir ?? "desc", params);
  const rows = await db
    .select({ ...columns, sortValue: ks.sortValue })
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
        idIs(remittances.placementId, params.placementId),
        idIs(remittances.parentRemittanceId, params.parentId),
        params.occurredFrom ? gte(remittances.occurredAt, params.occurredFrom) : undefined,
        params.occurredTo ? lt(remittances.occurredAt, params.occurredTo) : undefined,
        searchFilter(params.search),
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  return ks.page(rows);
}

export type RemittanceListRow = Awaited<ReturnType<typeof listRemittancePage>>["items"][number];

/** One remittance row of this creditor; another creditor's answers exactly like a missing one (NOT_FOUND). */
export async function getRemittance(db: Db, creditorId: string, remittanceId: string) {
  const [row] = isUuid(remittanceId)
    ? await db
        .select(columns)
        .from(remittances)
        .innerJoin(placements, eq(placements.id, remittances.placementId))
        .innerJoin(creditors, eq(creditors.id, remittances.creditorId))
        .leftJoin(disbursementItems, eq(disbursementItems.remittanceId, remittances.id))
        .leftJoin(disbursements, eq(disbursements.id, disbursementItems.disbursementId))
        .where(and(eq(remittances.id, remittanceId), eq(remittances.creditorId, creditorId)))
    : [];
  if (!row) throw notFound("remittance");
  return row;
}
