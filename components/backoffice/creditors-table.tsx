"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Building2 } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { rate } from "@/components/portal/format";
import { creditorListInput, inputKey } from "@/components/portal/list-params";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";

type Row = {
  id: string;
  name: string;
  slug: string;
  defaultCurrency: string;
  contingencyRateBps: number;
  scheduledRateBps: number | null;
  openPlacements: number;
  openWorkItems: number;
};

/** Every creditor by name: current and scheduled rate, open placements, open work. */
export function CreditorsTable() {
  const trpc = useTRPC();
  const router = useRouter();
  const [url, setUrl] = useUrlState(["q"] as const);
  const base = creditorListInput((k) => (k === "q" ? url.q : undefined));
  const pages = useCursorPages(inputKey(base));
  const query = useQuery(
    trpc.backoffice.creditors.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  return (
    <DataTable
      // Rows keep one line each; on a narrow screen the table scrolls sideways instead of wrapping figures.
      className="[&_td]:whitespace-nowrap [&_th]:whitespace-nowrap"
      label="Creditors"
      columns={COLUMNS}
      rows={query.data?.items ?? []}
      getRowId={(r) => r.id}
      searchValue={url.q ?? ""}
      onSearchChange={(q) => setUrl({ q: q || undefined })}
      searchPlaceholder="Name or slug…"
      loading={query.isFetching}
      error={query.error ? { title: "Creditors could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      onRowClick={(r) => router.push(`/backoffice/creditors/${r.id}`)}
      emptyState={<EmptyState size="sm" icon={<Building2 />} title="No creditors match" />}
    />
  );
}

const COLUMNS: ColumnDef<Row, unknown>[] = [
  {
    id: "name",
    header: "Creditor",
    cell: ({ row: { original: c } }) => (
      <div className="grid">
        <Link href={`/backoffice/creditors/${c.id}`} className="font-medium hover:underline">
          {c.name}
        </Link>
        <span className="text-xs text-muted-foreground">{c.slug}</span>
      </div>
    ),
  },
  { id: "currency", header: "Currency", cell: ({ row }) => row.original.defaultCurrency },
  {
    id: "rate",
    header: "Contingency rate",
    meta: { numeric: true },
    cell: ({ row: { original: c } }) => (
      <span>
        {rate(c.contingencyRateBps)}
        {c.scheduledRateBps !== null ? (
          <span className="block text-xs text-muted-foreground">then {rate(c.scheduledRateBps)}</span>
        ) : null}
      </span>
    ),
  },
  {
    id: "open",
    header: "Open placements",
    meta: { numeric: true },
    cell: ({ row }) => row.original.openPlacements.toLocaleString("en-US"),
  },
  {
    id: "work",
    header: "Open work",
    meta: { numeric: true },
    cell: ({ row }) => row.original.openWorkItems.toLocaleString("en-US"),
  },
];
