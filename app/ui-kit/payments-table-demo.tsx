"use client";

import * as React from "react";
import type { ColumnDef, SortingState } from "@tanstack/react-table";
import { Download, Inbox } from "lucide-react";
import { DataTable } from "@/components/ui/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { demoPayments, formatCents, type DemoPayment } from "./demo-data";

/* ------------------------------------------------------------------ *
 * A pretend server so the DataTable can be exercised on this page.   *
 * The DataTable itself never sorts or paginates: this function does. *
 * ------------------------------------------------------------------ */

type Query = {
  sorting: SortingState;
  search: string;
  status: string;
  pageSize: number;
  /** Offset of each page visited, so "Previous" can go back (a stand-in for keyset cursors). */
  starts: number[];
};

type Page = { rows: DemoPayment[]; total: number; hasNext: boolean; hasPrev: boolean; start: number };

function fakeServer(q: Query): Page {
  const needle = q.search.trim().toLowerCase();
  let rows = demoPayments.filter(
    (p) =>
      (q.status === "all" || p.status === q.status) &&
      (!needle ||
        p.debtor.toLowerCase().includes(needle) ||
        p.id.toLowerCase().includes(needle) ||
        p.creditor.toLowerCase().includes(needle)),
  );
  const sort = q.sorting[0] ?? { id: "receivedOn", desc: true };
  const key = sort.id as keyof DemoPayment;
  rows = [...rows].sort((a, b) => {
    const av = a[key];
    const bv = b[key];
    const c = typeof av === "number" && typeof bv === "number" ? av - bv : String(av).localeCompare(String(bv));
    return (sort.desc ? -c : c) || a.id.localeCompare(b.id);
  });
  const start = q.starts[q.starts.length - 1] ?? 0;
  return {
    rows: rows.slice(start, start + q.pageSize),
    total: rows.length,
    hasNext: start + q.pageSize < rows.length,
    hasPrev: start > 0,
    start,
  };
}

const statusBadge: Record<
  DemoPayment["status"],
  { label: string; variant: "success" | "warning" | "destructive" | "muted" }
> = {
  posted: { label: "Posted", variant: "success" },
  pending: { label: "Pending", variant: "muted" },
  returned: { label: "Returned", variant: "destructive" },
  held: { label: "On hold", variant: "warning" },
};

const columns: ColumnDef<DemoPayment, unknown>[] = [
  {
    accessorKey: "id",
    header: "Payment",
    cell: ({ getValue }) => <span className="font-mono text-xs">{String(getValue())}</span>,
  },
  {
    accessorKey: "receivedOn",
    header: "Received",
    cell: ({ getValue }) => <span className="tabular">{String(getValue())}</span>,
  },
  { accessorKey: "debtor", header: "Debtor" },
  { accessorKey: "creditor", header: "Creditor", meta: { cellClassName: "text-muted-foreground" } },
  { accessorKey: "method", header: "Method", enableSorting: false },
  {
    accessorKey: "status",
    header: "Status",
    cell: ({ row }) => {
      const s = statusBadge[row.original.status];
      return (
        <Badge variant={s.variant} dot>
          {s.label}
        </Badge>
      );
    },
  },
  {
    accessorKey: "amountCents",
    header: "Amount",
    meta: { numeric: true, headerClassName: "w-32" },
    cell: ({ row }) => formatCents(row.original.amountCents),
  },
];

type Mode = "live" | "loading" | "empty" | "error";

export function PaymentsTableDemo() {
  const [query, setQuery] = React.useState<Query>({
    sorting: [{ id: "receivedOn", desc: true }],
    search: "",
    status: "all",
    pageSize: 10,
    starts: [0],
  });
  const [page, setPage] = React.useState<Page>(() => fakeServer(query));
  const [loading, setLoading] = React.useState(false);
  const [mode, setMode] = React.useState<Mode>("live");
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  function run(next: Query) {
    setQuery(next);
    setLoading(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setPage(fakeServer(next));
      setLoading(false);
    }, 450);
  }

  const rows = mode === "empty" || mode === "loading" ? [] : page.rows;
  const first = page.total === 0 ? 0 : page.start + 1;
  const last = page.start + page.rows.length;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2 text-[13px] text-muted-foreground">
        <span>Simulate:</span>
        {(["live", "loading", "empty", "error"] as const).map((m) => (
          <Button
            key={m}
            size="sm"
            variant={mode === m ? "secondary" : "ghost"}
            onClick={() => setMode(m)}
            aria-pressed={mode === m}
          >
            {m}
          </Button>
        ))}
      </div>
      <DataTable
        label="Payments"
        columns={columns}
        rows={rows}
        getRowId={(r) => r.id}
        sorting={query.sorting}
        onSortingChange={(sorting) => run({ ...query, sorting, starts: [0] })}
        searchValue={query.search}
        onSearchChange={(search) => run({ ...query, search, starts: [0] })}
        searchPlaceholder="Search debtor, creditor or ID"
        filters={
          <Select value={query.status} onValueChange={(status) => run({ ...query, status, starts: [0] })}>
            <SelectTrigger size="sm" className="w-36" aria-label="Status filter">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All statuses</SelectItem>
              <SelectItem value="posted">Posted</SelectItem>
              <SelectItem value="pending">Pending</SelectItem>
              <SelectItem value="returned">Returned</SelectItem>
              <SelectItem value="held">On hold</SelectItem>
            </SelectContent>
          </Select>
        }
        toolbarActions={
          <Button
            variant="outline"
            size="sm"
            onClick={() => toast.info("Export queued", { description: "You will get an email with the CSV." })}
          >
            <Download aria-hidden />
            Export CSV
          </Button>
        }
        hasPrevPage={page.hasPrev}
        hasNextPage={page.hasNext}
        onPrev={() => run({ ...query, starts: query.starts.slice(0, -1) })}
        onNext={() => run({ ...query, starts: [...query.starts, page.start + query.pageSize] })}
        pageSize={query.pageSize}
        pageSizeOptions={[10, 25, 50]}
        onPageSizeChange={(pageSize) => run({ ...query, pageSize, starts: [0] })}
        pageSummary={mode === "live" ? `${first}–${last} of ${page.total} payments` : null}
        loading={loading || mode === "loading"}
        error={
          mode === "error"
            ? { description: "The payments service did not answer in time.", reference: "req_7f3a91c2" }
            : null
        }
        onRetry={() => setMode("live")}
        emptyState={
          mode === "empty" ? (
            <EmptyState
              size="sm"
              icon={<Inbox />}
              title="No payments yet"
              description="Payments appear here as soon as they are received from the processor."
            />
          ) : undefined
        }
        onRowClick={(r) => toast(`${r.id} · ${formatCents(r.amountCents)}`)}
      />
    </div>
  );
}
