/**
 * URL search params → list inputs, shared by server pages (prefetch) and client tables (query), so
 * both ask for exactly the same query and the prefetched page hydrates. Unknown values are
 * dropped rather than failing the page.
 */
import { AGE_BUCKETS, WORK_ITEM_KINDS } from "@/server/domain/work-items";

export type Get = (key: string) => string | undefined;
export type SearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 50;

export const PLACEMENT_STATUSES = ["open", "paid", "closed_uncollected", "recalled"] as const;
export const REMITTANCE_STATUSES = ["cleared", "reversed", "reinstated"] as const;
export const PAYMENT_STATUSES = [
  "pending",
  "succeeded",
  "failed",
  "partially_reversed",
  "reversed",
  "unmatched",
] as const;
export const PAYMENT_SOURCES = ["stripe", "manual", "bank", "direct"] as const;
export { WORK_ITEM_KINDS };
export const WORK_ITEM_STATUSES = ["open", "in_progress", "resolved", "dismissed", "unresolved", "closed"] as const;
export const STRIPE_EVENT_STATUSES = ["processed", "parked", "failed", "ignored", "received"] as const;
export const ACTOR_TYPES = ["user", "api_key", "stripe_webhook", "qbo_webhook", "job", "system"] as const;
export const AUDIT_CATEGORIES = [
  "general",
  "ledger",
  "payments",
  "qbo",
  "auth",
  "intake",
  "exceptions",
  "statements",
  "exports",
] as const;

/** A getter over a server component's `searchParams`. */
export const fromRecord =
  (params: SearchParams): Get =>
  (key) => {
    const v = params[key];
    return typeof v === "string" && v !== "" ? v : undefined;
  };

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
const date = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
const uuid = (v: string | undefined) =>
  v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined;
const currency = (v: string | undefined) => (v && /^[A-Za-z]{3}$/.test(v) ? v.toUpperCase() : undefined);
const text = (v: string | undefined) => (v?.trim() ? v.trim().slice(0, 200) : undefined);

/** Drop undefined keys so the query key is the same however the input was built. */
function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function placementListInput(get: Get, opts: { staff?: boolean } = {}) {
  return clean({
    creditorId: opts.staff ? uuid(get("creditor")) : undefined,
    status: oneOf(get("status"), PLACEMENT_STATUSES),
    currency: currency(get("currency")),
    search: text(get("q")),
    dueFrom: date(get("dueFrom")),
    dueTo: date(get("dueTo")),
    sort: oneOf(get("sort"), ["placedAt", "dueDate", "invoiceAmount"] as const),
    dir: oneOf(get("dir"), ["asc", "desc"] as const),
    limit: PAGE_SIZE,
  });
}

export function remittanceListInput(get: Get, opts: { staff?: boolean } = {}) {
  return clean({
    creditorId: opts.staff ? uuid(get("creditor")) : undefined,
    status: oneOf(get("status"), REMITTANCE_STATUSES),
    currency: currency(get("currency")),
    placementId: uuid(get("placement")),
    parentId: uuid(get("parent")),
    from: date(get("from")),
    to: date(get("to")),
    search: text(get("q")),
    sort: oneOf(get("sort"), ["occurredAt", "recoveredAmount"] as const),
    dir: oneOf(get("dir"), ["asc", "desc"] as const),
    limit: PAGE_SIZE,
  });
}

export function paymentListInput(get: Get) {
  return clean({
    creditorId: uuid(get("creditor")),
    status: oneOf(get("status"), PAYMENT_STATUSES),
    source: oneOf(get("source"), PAYMENT_SOURCES),
    search: text(get("q")),
    from: date(get("from")),
    to: date(get("to")),
    limit: PAGE_SIZE,
  });
}

export function workItemListInput(get: Get) {
  return clean({
    status: oneOf(get("status"), WORK_ITEM_STATUSES),
    kind: oneOf(get("kind"), WORK_ITEM_KINDS),
    creditorId: uuid(get("creditor")),
    owner: oneOf(get("owner"), ["me", "unassigned", "anyone"] as const),
    age: oneOf(get("age"), AGE_BUCKETS),
    overdue: get("overdue") === "1" ? true : undefined,
    pendingApproval: get("pending") === "1" ? true : undefined,
    limit: PAGE_SIZE,
  });
}

export function auditListInput(get: Get) {
  return clean({
    creditorId: uuid(get("creditor")),
    category: oneOf(get("category"), AUDIT_CATEGORIES),
    action: text(get("action")),
    actorType: oneOf(get("actorType"), ACTOR_TYPES),
    actorId: text(get("actor")),
    targetType: text(get("targetType")),
    targetId: text(get("target")),
    from: date(get("from")),
    to: date(get("to")),
    limit: PAGE_SIZE,
  });
}

export function creditorListInput(get: Get) {
  return clean({ search: text(get("q")), limit: PAGE_SIZE });
}

export function stripeEventListInput(get: Get) {
  const type = get("type");
  return clean({
    status: oneOf(get("status"), STRIPE_EVENT_STATUSES),
    type: type && /^[a-z0-9_.]{1,100}$/.test(type) ? type : undefined,
    search: text(get("q")),
    limit: PAGE_SIZE,
  });
}

/** A stable string of an input, to reset paging when filters change. */
export const inputKey = (input: object) => JSON.stringify(input);
