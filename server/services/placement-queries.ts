import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { debtors, placements, type placementStatus } from "@/db/schema";
import { notFound } from "@/server/errors";
import { afterCursor, cursorTime, decodeCursor, pageSize, toPage } from "./keyset";

export type PlacementFilters = {
  status?: (typeof placementStatus.enumValues)[number];
  invoiceNumber?: string;
  /** Placed at or after this instant. */
  createdFrom?: Date;
  /** Placed strictly before this instant. */
  createdTo?: Date;
  cursor?: string;
  limit?: number;
};

const columns = {
  id: placements.id,
  creditorId: placements.creditorId,
  invoiceNumber: placements.invoiceNumber,
  qboInvoiceId: placements.qboInvoiceId,
  invoiceAmount: placements.invoiceAmount,
  recoveredAmount: placements.recoveredAmount,
  feeAmount: placements.feeAmount,
  currency: placements.currency,
  dueDate: placements.dueDate,
  status: placements.status,
  placedAt: placements.placedAt,
  updatedAt: placements.updatedAt,
  debtorId: placements.debtorId,
  debtorName: debtors.name,
  debtorEmail: debtors.email,
};

/** One creditor's placements, newest first, filtered, one keyset page at a time. */
export async function listPlacements(db: Db, creditorId: string, filters: PlacementFilters = {}) {
  const limit = pageSize(filters.limit);
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : undefined;
  const rows = await db
    .select({ ...columns, cursorAt: cursorTime(placements.placedAt) })
    .from(placements)
    .innerJoin(debtors, eq(debtors.id, placements.debtorId))
    .where(
      and(
        eq(placements.creditorId, creditorId),
        filters.status ? eq(placements.status, filters.status) : undefined,
        filters.invoiceNumber ? eq(placements.invoiceNumber, filters.invoiceNumber) : undefined,
        filters.createdFrom ? gte(placements.placedAt, filters.createdFrom) : undefined,
        filters.createdTo ? lt(placements.placedAt, filters.createdTo) : undefined,
        cursor ? afterCursor(placements.placedAt, placements.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(placements.placedAt), desc(placements.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}

/** One placement of this creditor; another creditor's answers exactly like a missing one. */
export async function getPlacement(db: Db, creditorId: string, placementId: string) {
  const [row] = await db
    .select(columns)
    .from(placements)
    .innerJoin(debtors, eq(debtors.id, placements.debtorId))
    .where(and(eq(placements.id, placementId), eq(placements.creditorId, creditorId)));
  if (!row) throw notFound("placement");
  return row;
}

/** Several placements of this creditor by id, in the order asked (ids of other creditors are left out). */
export async function getPlacementsByIds(db: Db, creditorId: string, ids: string[]) {
  const rows = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    rows.push(...(await db.select(columns).from(placements).innerJoin(debtors, eq(debtors.id, placements.debtorId)).where(and(eq(placements.creditorId, creditorId), inArray(placements.id, part)))));
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type PlacementView = Awaited<ReturnType<typeof getPlacement>>;
