"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { FileStack, X } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import type { PlacementListRow } from "@/server/services/queries/placement-list";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { day, money } from "./format";
import { FilterSelect } from "./filter-select";
import { inputKey, PLACEMENT_STATUSES, placementListInput } from "./list-params";
import { useCursorPages, useUrlState } from "./list-state";
import { StatusBadge } from "./status-badge";
import { humanize } from "./format";

const KEYS = ["status", "currency", "q", "dueFrom", "dueTo", "sort", "dir", "creditor"] as const;
const CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD"];

/** Currency filter options; a currency arriving in the URL (e.g. from an overview link) is always one of them. */
export function currencyOptions(current: string | undefined) {
  return (current && !CURRENCIES.includes(current) ? [...CURRENCIES, current] : CURRENCIES).map((c) => ({
    value: c,
    label: c,
  }));
}

type Scope = "portal" | "staff";
type ListState = ReturnType<typeof useListInput>;

function useListInput(scope: Scope) {
  const [url, setUrl] = useUrlState(KEYS);
  const base = placementListInput((k) => url[k as (typeof KEYS)[number]], { staff: scope === "staff" });
  const pages = useCursorPages(inputKey(base));
  const input = pages.cursor ? { ...base, cursor: pages.cursor } : base;
  return { url, setUrl, base, pages, input };
}

/** The creditor's placements (portal). */
export function PortalPlacementsTable() {
  const trpc = useTRPC();
  const state = useListInput("portal");
  const query = useQuery(trpc.portal.placements.queryOptions(state.input, { placeholderData: keepPreviousData }));
  return <PlacementsTableView scope="portal" state={state} query={query} />;
}

/** Placements across creditors (back-office), with a creditor filter. */
export function StaffPlacementsTable({ creditorMenu }: { creditorMenu?: React.ReactNode }) {
  const trpc = useTRPC();
  const state = useListInput("staff");
  const query = useQuery(trpc.backoffice.placements.queryOptions(state.input, { placeholderData: keepPreviousData }));
  return <PlacementsTableView scope="staff" state={state} query={query} creditorMenu={creditorMenu} />;
}

export const placementHref = (scope: Scope, id: string) =>
  scope === "portal" ? `/placements/${id}` : `/backoffice/placements/${id}`;

function PlacementsTableView({
  scope,
  state,
  query,
  creditorMenu,
}: {
  scope: Scope;
  state: ListState;
  query: {
    data?: { items: PlacementListRow[]; nextCursor: string | null };
    isFetching: boolean;
    error: { message: string } | null;
    refetch: () => unknown;
  };
  creditorMenu?: React.ReactNode;
}) {
  const router = useRouter();
  const { url, setUrl, base, pages } = state;
  const columns = React.useMemo(() => placementColumns(scope), [scope]);
  const rows = query.data?.items ?? [];
  const filtered = Boolean(
    base.status ||
    base.currency ||
    base.search ||
    base.dueFrom ||
    base.dueTo ||
    ("creditorId" in base && base.creditorId),
  );
  const first = (pages.page - 1) * base.limit + 1;
  return (
    <DataTable
      cardsOnPhone
      // Rows keep one line each; on a narrow screen the table scrolls sideways instead of wrapping figures.
      className="[&_td]:whitespace-nowrap [&_th]:whitespace-nowrap"
      label="Placements"
      columns={columns}
      rows={rows}
      getRowId={(r) => r.id}
      sorting={[{ id: base.sort ?? "placedAt", desc: (base.dir ?? "desc") === "desc" }]}
      onSortingChange={(s) => {
        const next = s[0];
        setUrl({ sort: next?.id ?? undefined, dir: next ? (next.desc ? "desc" : "asc") : undefined });
      }}
      searchValue={url.q ?? ""}
      onSearchChange={(q) => setUrl({ q: q || undefined })}
      searchPlaceholder="Invoice number or debtor…"
      filters={
        <>
          {creditorMenu}
          <FilterSelect
            label="Statuses"
            value={base.status}
            onChange={(v) => setUrl({ status: v })}
            options={PLACEMENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          />
          <FilterSelect
            label="Currencies"
            value={base.currency}
            onChange={(v) => setUrl({ currency: v })}
            options={currencyOptions(base.currency)}
            className="w-32"
          />
          {base.dueFrom || base.dueTo ? (
            <Badge variant="secondary" className="h-8 gap-1.5 px-2 text-[13px]">
              Due {base.dueFrom ? `from ${day(base.dueFrom)}` : ""} {base.dueTo ? `to ${day(base.dueTo)}` : ""}
              <button
                type="button"
                aria-label="Clear due-date filter"
                onClick={() => setUrl({ dueFrom: undefined, dueTo: undefined })}
              >
                <X className="size-3.5" />
              </button>
            </Badge>
          ) : null}
        </>
      }
      loading={query.isFetching}
      error={query.error ? { title: "Placements could not be loaded", description: query.error.message } : null}
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
      onRowClick={(r) => router.push(placementHref(scope, r.id))}
      emptyState={
        <EmptyState
          size="sm"
          icon={<FileStack />}
          title={filtered ? "No placements match these filters" : "No placements yet"}
          description={
            filtered ? "Try another search or clear the filters." : "Invoices you place for collection appear here."
          }
          action={
            filtered ? (
              <Button
                variant="outline"
                size="sm"
                onClick={() =>
                  setUrl({
                    status: undefined,
                    currency: undefined,
                    q: undefined,
                    dueFrom: undefined,
                    dueTo: undefined,
                    creditor: undefined,
                  })
                }
              >
                Clear filters
              </Button>
            ) : scope === "portal" ? (
              <Button asChild size="sm">
                <Link href="/placements/import">Place invoices</Link>
              </Button>
            ) : null
          }
        />
      }
    />
  );
}

function placementColumns(scope: Scope): ColumnDef<PlacementListRow, unknown>[] {
  const cols: Array<ColumnDef<PlacementListRow, unknown> | false> = [
    {
      id: "invoice",
      header: "Invoice",
      enableSorting: false,
      cell: ({ row: { original: p } }) => (
        <div className="grid min-w-0">
          <Link href={placementHref(scope, p.id)} className="font-medium hover:underline">
            {p.invoiceNumber}
          </Link>
          <span className="truncate text-xs text-muted-foreground">{p.debtorName}</span>
        </div>
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
      cell: ({ row }) => <StatusBadge status={row.original.displayStatus} />,
    },
    { id: "dueDate", header: "Due", cell: ({ row }) => day(row.original.dueDate) },
    { id: "placedAt", header: "Placed", cell: ({ row }) => day(row.original.placedAt) },
    {
      id: "invoiceAmount",
      header: "Invoice amount",
      meta: { numeric: true },
      cell: ({ row }) => money(row.original.invoiceAmount, row.original.currency),
    },
    {
      id: "recovered",
      header: "Recovered",
      enableSorting: false,
      meta: { numeric: true },
      cell: ({ row }) => money(row.original.recoveredAmount, row.original.currency),
    },
    {
      id: "outstanding",
      header: "Outstanding",
      enableSorting: false,
      meta: { numeric: true },
      cell: ({ row }) => (
        <span
          className={row.original.status === "open" ? "font-medium" : "text-muted-foreground"}
          title={row.original.status === "open" ? undefined : "Not being collected"}
        >
          {money(row.original.outstandingAmount, row.original.currency)}
        </span>
      ),
    },
  ];
  return cols.filter((c): c is ColumnDef<PlacementListRow, unknown> => Boolean(c));
}
