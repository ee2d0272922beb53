/** The sync log's list inputs from its URL filters: shared by the server prefetch and the client lists. */
export const STATUSES = ["failed", "pending", "posted"] as const;
export const KINDS = ["failures", "drift", "direct_payments", "writebacks", "skipped", "connection"] as const;
const PAGE = 50;

/** Writeback and event list inputs for the URL's filters (unknown values are ignored). */
export function syncLogInputs(url: { status?: string; q?: string; kind?: string }) {
  const status = STATUSES.find((s) => s === url.status);
  const kind = KINDS.find((k) => k === url.kind);
  return {
    writebacks: { limit: PAGE, ...(status ? { status } : {}), ...(url.q ? { search: url.q } : {}) },
    events: { limit: PAGE, ...(kind ? { kind } : {}) },
  };
}
