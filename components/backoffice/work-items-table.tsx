"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Inbox } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { age, dateTime, humanize, shortId } from "@/components/portal/format";
import { FilterSelect } from "@/components/portal/filter-select";
import { inputKey, WORK_ITEM_KINDS, workItemListInput } from "@/components/portal/list-params";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";
import { StatusBadge } from "@/components/portal/status-badge";
import { CreditorFilter } from "./creditor-filter";

type Row = {
  id: string;
  kind: string;
  status: string;
  creditorName: string | null;
  subjectType: string;
  subjectId: string;
  title: string;
  nextAction: string;
  evidence: Record<string, unknown>;
  ownerName: string | null;
  createdAt: Date;
  ageDays: number;
};

const KEYS = ["status", "kind", "creditor"] as const;

/** The exception queue, oldest first: what is wrong, how long it has waited, and what to do next. */
export function WorkItemsTable() {
  const trpc = useTRPC();
  const [url, setUrl] = useUrlState(KEYS);
  const base = workItemListInput((k) => url[k as (typeof KEYS)[number]]);
  const pages = useCursorPages(inputKey(base));
  const query = useQuery(
    trpc.workItems.list.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  const rows = query.data?.items ?? [];
  return (
    <DataTable
      cardsOnPhone
      label="Work items"
      columns={COLUMNS}
      rows={rows}
      getRowId={(r) => r.id}
      filters={
        <>
          <FilterSelect
            label="Kinds"
            value={base.kind}
            onChange={(v) => setUrl({ kind: v })}
            options={WORK_ITEM_KINDS.map((k) => ({ value: k, label: humanize(k) }))}
            className="w-52"
          />
          <FilterSelect
            label="Status"
            allLabel="Unresolved"
            value={base.status === "unresolved" ? undefined : base.status}
            onChange={(v) => setUrl({ status: v })}
            options={[
              { value: "open", label: "Open" },
              { value: "in_progress", label: "In progress" },
              { value: "resolved", label: "Resolved" },
            ]}
          />
          <CreditorFilter />
        </>
      }
      loading={query.isFetching}
      error={query.error ? { title: "The queue could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      pageSummary={rows.length ? `Page ${pages.page} · oldest first` : undefined}
      emptyState={
        <EmptyState
          size="sm"
          icon={<Inbox />}
          title="Nothing waiting"
          description="No work items match. New exceptions appear here as soon as they are recorded."
        />
      }
    />
  );
}

function subjectHref(r: Row): string | null {
  if (r.subjectType === "placement") return `/backoffice/placements/${r.subjectId}`;
  if (r.subjectType === "stripe_event") return `/backoffice/stripe-events/${encodeURIComponent(r.subjectId)}`;
  const placementId = typeof r.evidence.placementId === "string" ? r.evidence.placementId : null;
  if (placementId && /^[0-9a-f-]{36}$/i.test(placementId)) return `/backoffice/placements/${placementId}`;
  if (r.subjectType === "payment_attempt" && typeof r.evidence.externalId === "string")
    return `/backoffice/payments?q=${encodeURIComponent(r.evidence.externalId)}`;
  return null;
}

const COLUMNS: ColumnDef<Row, unknown>[] = [
  {
    id: "age",
    header: "Age",
    cell: ({ row }) => (
      <span
        className={cn(
          "font-medium whitespace-nowrap tabular",
          row.original.ageDays > 7 ? "text-destructive" : row.original.ageDays > 2 ? "text-warning" : "",
        )}
        title={dateTime(row.original.createdAt)}
      >
        {age(row.original.ageDays)}
      </span>
    ),
  },
  { id: "kind", header: "Kind", cell: ({ row }) => <Badge variant="outline">{humanize(row.original.kind)}</Badge> },
  {
    id: "title",
    header: "What happened",
    cell: ({ row: { original: r } }) => {
      const href = subjectHref(r);
      return (
        <div className="grid max-w-md min-w-0 gap-0.5">
          <span className="font-medium">{r.title}</span>
          <span className="text-xs text-muted-foreground">
            {r.creditorName ?? "No creditor identified"} · {humanize(r.subjectType)}{" "}
            {href ? (
              <Link href={href} className="font-mono text-primary hover:underline">
                {shortId(r.subjectId)}
              </Link>
            ) : (
              <span className="font-mono">{shortId(r.subjectId)}</span>
            )}
          </span>
        </div>
      );
    },
  },
  {
    id: "next",
    header: "Next action",
    cell: ({ row }) => (
      <span className="block max-w-sm text-[13px] text-muted-foreground">{row.original.nextAction}</span>
    ),
  },
  {
    id: "owner",
    header: "Owner",
    cell: ({ row }) => row.original.ownerName ?? <span className="text-muted-foreground">Unassigned</span>,
  },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
];
