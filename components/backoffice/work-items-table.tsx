"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Inbox } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import { age, dateTime, humanize, shortId } from "@/components/portal/format";
import { FilterSelect } from "@/components/portal/filter-select";
import { inputKey, WORK_ITEM_KINDS, workItemListInput } from "@/components/portal/list-params";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";
import { StatusBadge } from "@/components/portal/status-badge";
import { AGE_BUCKETS } from "@/server/domain/work-items";
import { BulkAssign } from "./work-items-bulk";
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
  dueAt: Date | null;
  createdAt: Date;
  ageDays: number;
  isOverdue: boolean;
  isPendingApproval: boolean;
};

const KEYS = ["status", "kind", "creditor", "owner", "age", "overdue", "pending"] as const;

/** The exception queue, oldest first: what is wrong, how long it has waited, who has it, and what to do next. */
export function WorkItemsTable() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [url, setUrl] = useUrlState(KEYS);
  const base = workItemListInput((k) => url[k as (typeof KEYS)[number]]);
  const pages = useCursorPages(inputKey(base));
  const query = useQuery(
    trpc.workItems.list.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  const rows = query.data?.items ?? [];
  const [selected, setSelected] = React.useState<Set<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const columns: ColumnDef<Row, unknown>[] = [
    {
      id: "select",
      header: () => (
        <Checkbox
          aria-label="Select every item on this page"
          checked={allOn ? true : selected.size ? "indeterminate" : false}
          onCheckedChange={(v) => setSelected(v === true ? new Set(rows.map((r) => r.id)) : new Set())}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          aria-label={`Select ${row.original.title}`}
          checked={selected.has(row.original.id)}
          onCheckedChange={(v) => toggle(row.original.id, v === true)}
        />
      ),
      meta: { headerClassName: "w-8" },
    },
    ...COLUMNS,
  ];
  return (
    <DataTable
      cardsOnPhone
      label="Work items"
      columns={columns}
      rows={rows}
      getRowId={(r) => r.id}
      onRowClick={(r) => router.push(`/backoffice/work-items/${r.id}`)}
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
            label="Owner"
            allLabel="Anyone"
            value={base.owner === "anyone" ? undefined : base.owner}
            onChange={(v) => setUrl({ owner: v })}
            options={[
              { value: "me", label: "Mine" },
              { value: "unassigned", label: "Unassigned" },
            ]}
            className="w-36"
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
              { value: "dismissed", label: "Dismissed" },
              { value: "closed", label: "Resolved or dismissed" },
            ]}
          />
          <FilterSelect
            label="Age"
            allLabel="Any age"
            value={base.age}
            onChange={(v) => setUrl({ age: v })}
            options={AGE_BUCKETS.map((b) => ({ value: b, label: b }))}
            className="w-28"
          />
          <FilterSelect
            label="Due"
            allLabel="Due any time"
            value={base.overdue ? "1" : base.pendingApproval ? "pending" : undefined}
            onChange={(v) =>
              setUrl({ overdue: v === "1" ? "1" : undefined, pending: v === "pending" ? "1" : undefined })
            }
            options={[
              { value: "1", label: "Overdue only" },
              { value: "pending", label: "Pending approval" },
            ]}
            className="w-40"
          />
          <CreditorFilter />
        </>
      }
      toolbarActions={
        selected.size ? (
          <BulkAssign
            ids={[...selected]}
            onDone={() => {
              setSelected(new Set());
              void queryClient.invalidateQueries({ queryKey: trpc.workItems.list.queryKey() });
            }}
          />
        ) : null
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
    cell: ({ row: { original: r } }) => (
      <span className="grid gap-0.5">
        <span
          className={cn(
            "font-medium whitespace-nowrap tabular",
            r.isOverdue ? "text-destructive" : r.ageDays > 2 ? "text-warning" : "",
          )}
          title={dateTime(r.createdAt)}
        >
          {age(r.ageDays)}
        </span>
        {r.isOverdue ? (
          <Badge variant="destructive" title={r.dueAt ? `Due ${dateTime(r.dueAt)}` : undefined}>
            Overdue
          </Badge>
        ) : null}
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
          <Link href={`/backoffice/work-items/${r.id}`} className="font-medium hover:underline">
            {r.title}
          </Link>
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
  {
    id: "status",
    header: "Status",
    cell: ({ row: { original: r } }) => (
      <span className="flex flex-wrap gap-1">
        <StatusBadge status={r.status} />
        {r.isPendingApproval ? <Badge variant="warning">Pending approval</Badge> : null}
      </span>
    ),
  },
];
