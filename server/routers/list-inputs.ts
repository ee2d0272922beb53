import { z } from "zod";
import { placementStatus, remittanceStatus } from "@/db/schema";
import { PLACEMENT_SORTS } from "@/server/services/queries/placement-list";
import { REMITTANCE_SORTS } from "@/server/services/queries/remittance-list";
import { utcDay } from "@/server/lib/list-filters";

/** Paging fields every list shares: an opaque cursor from the previous page and a page size. */
export const pageInput = {
  cursor: z.string().max(400).optional(),
  limit: z.number().int().min(1).max(200).optional(),
};

const search = z.string().trim().max(200).optional();
const currency = z.string().length(3).toUpperCase().optional();

/** Placement list filters (the creditor comes from the session, or from `creditorId` for staff). */
export const placementListFields = {
  status: z.enum(placementStatus.enumValues).optional(),
  currency,
  search,
  dueFrom: z.iso.date().optional(),
  dueTo: z.iso.date().optional(),
  sort: z.enum(PLACEMENT_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  ...pageInput,
};

/** Remittance list filters. */
export const remittanceListFields = {
  status: z.enum(remittanceStatus.enumValues).optional(),
  currency,
  placementId: z.uuid().optional(),
  parentId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  search,
  sort: z.enum(REMITTANCE_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  ...pageInput,
};

/** The remittance list's days (YYYY-MM-DD, UTC; `to` exclusive) as the instants the list service takes. */
export function remittanceDays<T extends { from?: string; to?: string }>({ from, to, ...rest }: T) {
  return { ...rest, occurredFrom: from ? utcDay(from) : undefined, occurredTo: to ? utcDay(to) : undefined };
}
