"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Banknote } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { dateTime, humanize, money } from "@/components/portal/format";
import { FilterSelect } from "@/components/portal/filter-select";
import { DateRange } from "@/components/portal/date-range";
import { inputKey, PAYMENT_SOURCES, PAYMENT_STATUSES, paymentListInput } from "@/components/portal/list-params";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";
import { StatusBadge } from "@/components/portal/status-badge";
import { CreditorFilter } from "./creditor-filter";

type Row = {
  id: string;
  creditorName: string | null;
  placementId: string | null;
  invoiceNumber: string | null;
  source: string;
  externalId: string;
  amount: bigint;
  currency: string;
  status: string;
  receivedAt: Date;
};

const KEYS = ["creditor", "status", "source", "q", "from", "to"] as const;

/** Every debtor payment across creditors, matched or not, newest first. */
export function PaymentsTable() {
  const trpc = useTRPC();
  const [url, setUrl] = useUrlState(KEYS);
  const base = paymentListInput((k) => url[k as (typeof KEYS)[number]]);
  const pages = useCursorPages(inputKey(base));
  const query = useQuery(
    trpc.backoffice.payments.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  const rows = query.data?.items ?? [];
  return (
    <DataTable
      // Rows keep one line each; on a narrow screen the table scrolls sideways instead of wrapping figures.
      className="[&_td]:whitespace-nowrap [&_th]:whitespace-nowrap"
      label="Payments"
      columns={COLUMNS}
      rows={rows}
      getRowId={(r) => r.id}
      searchValue={url.q ?? ""}
      onSearchChange={(q) => setUrl({ q: q || undefined })}
      searchPlaceholder="Payment reference or invoice number…"
      filters={
        <>
          <CreditorFilter />
          <FilterSelect
            label="Statuses"
            value={base.status}
            onChange={(v) => setUrl({ status: v })}
            options={PAYMENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          />
          <FilterSelect
            label="Sources"
            value={base.source}
            onChange={(v) => setUrl({ source: v })}
            options={PAYMENT_SOURCES.map((s) => ({ value: s, label: humanize(s) }))}
            className="w-32"
          />
          <DateRange from={base.from} to={base.to} onChange={(r) => setUrl(r)} label="Received" />
        </>
      }
      loading={query.isFetching}
      error={query.error ? { title: "Payments could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      pageSummary={rows.length ? `Page ${pages.page}` : undefined}
      emptyState={
        <EmptyState
          size="sm"
          icon={<Banknote />}
          title="No payments match"
          description="Try another reference, period or status."
        />
      }
    />
  );
}

const COLUMNS: ColumnDef<Row, unknown>[] = [
  {
    id: "receivedAt",
    header: "Received",
    cell: ({ row }) => <span className="whitespace-nowrap text-[13px]">{dateTime(row.original.receivedAt)}</span>,
  },
  {
    id: "ref",
    header: "Reference",
    cell: ({ row }) => (
      <Link href={`/backoffice/payments/${row.original.id}`} className="font-mono text-xs hover:underline">
        {row.original.externalId}
      </Link>
    ),
  },
  { id: "source", header: "Source", cell: ({ row }) => humanize(row.original.source) },
  {
    id: "creditor",
    header: "Creditor",
    cell: ({ row }) => row.original.creditorName ?? <span className="text-muted-foreground">Unknown</span>,
  },
  {
    id: "invoice",
    header: "Invoice",
    cell: ({ row: { original: p } }) =>
      p.placementId ? (
        <Link href={`/backoffice/placements/${p.placementId}`} className="font-medium hover:underline">
          {p.invoiceNumber}
        </Link>
      ) : (
        <span className="text-muted-foreground">Not matched</span>
      ),
  },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: "amount",
    header: "Amount",
    meta: { numeric: true },
    cell: ({ row }) => <span className="font-medium">{money(row.original.amount, row.original.currency)}</span>,
  },
];
