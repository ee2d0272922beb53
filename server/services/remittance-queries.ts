import { and, desc, eq, gte, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { placements, remittances, type remittanceStatus } from "@/db/schema";
import { notFound } from "@/server/errors";
import { afterCursor, cursorTime, decodeCursor, pageSize, toPage } from "./keyset";

export type RemittanceFilters = {
  status?: (typeof remittanceStatus.enumValues)[number];
  placementId?: string;
  /** Occurred at or after this instant. */
  from?: Date;
  /** Occurred strictly before this instant. */
  to?: Date;
  cursor?: string;
  limit?: number;
};

const columns = {
  id: remittances.id,
  creditorId: remittances.creditorId,
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
  contingencyPctSnapshot: remittances.contingencyPctSnapshot,
  occurredAt: remittances.occurredAt,
  createdAt: remittances.createdAt,
};

/** One creditor's remittance rows (cleared, reversed, reinstated), newest first, one keyset page at a time. */
export async function listRemittances(db: Db, creditorId: string, filters: RemittanceFilters = {}) {
  const limit = pageSize(filters.limit);
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : undefined;
  const rows = await db
    .select({ ...columns, cursorAt: cursorTime(remittances.occurredAt) })
    .from(remittances)
    .innerJoin(placements, eq(placements.id, remittances.placementId))
    .where(
      and(
        eq(remittances.creditorId, creditorId),
        filters.status ? eq(remittances.status, filters.status) : undefined,
        filters.placementId ? eq(remittances.placementId, filters.placementId) : undefined,
        filters.from ? gte(remittances.occurredAt, filters.from) : undefined,
        filters.to ? lt(remittances.occurredAt, filters.to) : undefined,
        cursor ? afterCursor(remittances.occurredAt, remittances.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(remittances.occurredAt), desc(remittances.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}

/** One remittance row of this creditor; another creditor's answers exactly like a missing one. */
export async function getRemittance(db: Db, creditorId: string, remittanceId: string) {
  const [row] = await db
    .select(columns)
    .from(remittances)
    .innerJoin(placements, eq(placements.id, remittances.placementId))
    .where(and(eq(remittances.id, remittanceId), eq(remittances.creditorId, creditorId)));
  if (!row) throw notFound("remittance");
  return row;
}

export type RemittanceView = Awaited<ReturnType<typeof getRemittance>>;
