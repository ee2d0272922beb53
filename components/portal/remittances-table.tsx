"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { CornerDownRight, ReceiptText, X } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import type { RemittanceListRow } from "@/server/services/queries/remittance-list";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { dateTime, humanize, money, rate, shortId } from "./format";
import { FilterSelect } from "./filter-select";
import { DateRange } from "./date-range";
import { inputKey, REMITTANCE_STATUSES, remittanceListInput } from "./list-params";
import { useCursorPages, useUrlState } from "./list-state";
import { StatusBadge } from "./status-badge";
import { currencyOptions, placementHref } from "./placements-table";

const KEYS = ["status", "currency", "placement", "parent", "from", "to", "q", "sort", "dir", "creditor"] as const;
type Scope = "portal" | "staff";

function useListInput(scope: Scope) {
  const [url, setUrl] = useUrlState(KEYS);
  const base = remittanceListInput((k) => url[k as (typeof KEYS)[number]], { staff: scope === "staff" });
  const pages = useCursorPages(inputKey(base));
  return { url, setUrl, base, pages, input: pages.cursor ? { ...base, cursor: pages.cursor } : base };
}

/** The creditor's remittance rows (portal). */
export function PortalRemittancesTable() {
  const trpc = useTRPC();
  const state = useListInput("portal");
  const query = useQuery(trpc.portal.remittances.queryOptions(state.input, { placeholderData: keepPreviousData }));
  return <RemittancesTableView scope="portal" state={state} query={query} />;
}

/** Remittance rows across creditors (back-office). */
export function StaffRemittancesTable({ creditorMenu }: { creditorMenu?: React.ReactNode }) {
  const trpc = useTRPC();
  const state = useListInput("staff");
  const query = useQuery(trpc.backoffice.remittances.queryOptions(state.input, { placeholderData: keepPreviousData }));
  return <RemittancesTableView scope="staff" state={state} query={query} creditorMenu={creditorMenu} />;
}

function RemittancesTableView({
  scope,
  state,
  query,
  creditorMenu,
}: {
  scope: Scope;
  state: ReturnType<typeof useListInput>;
  query: {
    data?: { items: RemittanceListRow[]; nextCursor: string | null };
    isFetching: boolean;
    error: { message: string } | null;
    refetch: () => unknown;
  };
  creditorMenu?: React.ReactNode;
}) {
  const { url, setUrl, base, pages } = state;
  const columns = React.useMemo(() => remittanceColumns(scope, (parent) => setUrl({ q: parent })), [scope, setUrl]);
  const rows = query.data?.items ?? [];
  const filtered = Boolean(
    base.status ||
    base.currency ||
    base.search ||
    base.from ||
    base.to ||
    base.placementId ||
    base.parentId ||
    ("creditorId" in base && base.creditorId),
  );
  const first = (pages.page - 1) * base.limit + 1;
  const clear = () =>
    setUrl({
      status: undefined,
      currency: undefined,
      q: undefined,
      from: undefined,
      to: undefined,
      placement: undefined,
      parent: undefined,
      creditor: undefined,
    });
  return (
    <DataTable
      cardsOnPhone
      // Rows keep one line each; on a narrow screen the table scrolls sideways instead of wrapping figures.
      className="[&_td]:whitespace-nowrap [&_th]:whitespace-nowrap"
      label="Remittances"
      columns={columns}
      rows={rows}
      getRowId={(r) => r.id}
      sorting={[{ id: base.sort ?? "occurredAt", desc: (base.dir ?? "desc") === "desc" }]}
      onSortingChange={(s) => setUrl({ sort: s[0]?.id, dir: s[0] ? (s[0].desc ? "desc" : "asc") : undefined })}
      searchValue={url.q ?? ""}
      onSearchChange={(q) => setUrl({ q: q || undefined })}
      searchPlaceholder="Invoice number or row id…"
      filters={
        <>
          {creditorMenu}
          <FilterSelect
            label="Statuses"
            value={base.status}
            onChange={(v) => setUrl({ status: v })}
            options={REMITTANCE_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          />
          <FilterSelect
            label="Currencies"
            value={base.currency}
            onChange={(v) => setUrl({ currency: v })}
            options={currencyOptions(base.currency)}
            className="w-32"
          />
          <DateRange from={base.from} to={base.to} onChange={(r) => setUrl(r)} label="Occurred" />
          {base.placementId ? (
            <Badge variant="secondary" className="h-8 gap-1.5 px-2 text-[13px]">
              One placement
              <button type="button" aria-label="Show every placement" onClick={() => setUrl({ placement: undefined })}>
                <X className="size-3.5" />
              </button>
            </Badge>
          ) : null}
        </>
      }
      loading={query.isFetching}
      error={query.error ? { title: "Remittances could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      pageSummary={
        rows.length
          ? `Rows ${first.toLocaleString("en-US")}–${(first + rows.length - 1).toLocaleString("en-US")}`
          : undefined
      }
      emptyState={
        <EmptyState
          size="sm"
          icon={<ReceiptText />}
          title={filtered ? "No remittance rows match these filters" : "No remittances yet"}
          description={
            filtered
              ? "Try another period or clear the filters."
              : "A row appears here each time a debtor payment clears."
          }
          action={
            filtered ? (
              <Button variant="outline" size="sm" onClick={clear}>
                Clear filters
              </Button>
            ) : null
          }
        />
      }
    />
  );
}

function remittanceColumns(scope: Scope, showParent: (id: string) => void): ColumnDef<RemittanceListRow, unknown>[] {
  const cols: Array<ColumnDef<RemittanceListRow, unknown> | false> = [
    {
      id: "occurredAt",
      header: "Occurred",
      // In the portal the row opens its own page: payment, rate and fee, QuickBooks, disbursement.
      cell: ({ row }) =>
        scope === "portal" ? (
          <Link
            href={`/remittances/${row.original.id}`}
            aria-label={`Remittance of ${dateTime(row.original.occurredAt)}, ${row.original.invoiceNumber}`}
            className="whitespace-nowrap text-[13px] font-medium text-primary hover:underline"
          >
            {dateTime(row.original.occurredAt)}
          </Link>
        ) : (
          <span className="whitespace-nowrap text-[13px]">{dateTime(row.original.occurredAt)}</span>
        ),
    },
    {
      id: "invoice",
      header: "Invoice",
      enableSorting: false,
      cell: ({ row: { original: r } }) => (
        <Link href={placementHref(scope, r.placementId)} className="font-medium hover:underline">
          {r.invoiceNumber}
        </Link>
      ),
    },
    scope === "staff" && {
      id: "creditor",
      header: "Creditor",
      enableSorting: false,
      cell: ({ row }) => <span className="text-[13px]">{row.original.creditorName}</span>,
    },
    {
      id: "status",
      header: "Status",
      enableSorting: false,
      cell: ({ row: { original: r } }) => (
        <div className="flex flex-col items-start gap-0.5">
          <StatusBadge status={r.status} />
          {r.reason ? <span className="text-xs text-muted-foreground">{humanize(r.reason)}</span> : null}
        </div>
      ),
    },
    {
      id: "recoveredAmount",
      header: "Recovered",
      meta: { numeric: true },
      cell: ({ row }) => money(row.original.recoveredAmount, row.original.currency),
    },
    {
      id: "fee",
      header: "Fee",
      enableSorting: false,
      meta: { numeric: true },
      cell: ({ row }) => money(row.original.feeAmount, row.original.currency),
    },
    {
      id: "net",
      header: "Net remit",
      enableSorting: false,
      meta: { numeric: true },
      cell: ({ row }) => (
        <span className="font-medium">{money(row.original.netRemitAmount, row.original.currency)}</span>
      ),
    },
    {
      id: "rate",
      header: "Rate",
      enableSorting: false,
      meta: { numeric: true },
      cell: ({ row }) => rate(row.original.rateBpsSnapshot),
    },
    {
      id: "parent",
      header: "Parent",
      enableSorting: false,
      cell: ({ row: { original: r } }) =>
        r.parentRemittanceId ? (
          <button
            type="button"
            onClick={() => showParent(r.parentRemittanceId!)}
            className="inline-flex items-center gap-1 font-mono text-xs text-primary hover:underline"
            title="Show the parent row"
          >
            <CornerDownRight className="size-3" aria-hidden />
            {shortId(r.parentRemittanceId)}
          </button>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: "transfer",
      header: "Transfer",
      enableSorting: false,
      cell: ({ row }) =>
        row.original.transferRef ? (
          <span className="font-mono text-xs">{row.original.transferRef}</span>
        ) : (
          <span className="text-xs text-muted-foreground">Not yet paid out</span>
        ),
    },
  ];
  return cols.filter((c): c is ColumnDef<RemittanceListRow, unknown> => Boolean(c));
}
