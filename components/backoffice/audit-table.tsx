"use client";

import * as React from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { ScrollText } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { dateTime, humanize, shortId } from "@/components/portal/format";
import { FilterSelect } from "@/components/portal/filter-select";
import { DateRange } from "@/components/portal/date-range";
import { ACTOR_TYPES, AUDIT_CATEGORIES, auditListInput, inputKey } from "@/components/portal/list-params";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";
import { CreditorFilter } from "./creditor-filter";

type Row = {
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string;
  actorName: string | null;
  action: string;
  category: string;
  creditorName: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
};

const KEYS = ["creditor", "category", "action", "actorType", "actor", "targetType", "target", "from", "to"] as const;

/** The append-only audit log, newest first, filtered on the server. */
export function AuditTable() {
  const trpc = useTRPC();
  const [url, setUrl] = useUrlState(KEYS);
  const base = auditListInput((k) => url[k as (typeof KEYS)[number]]);
  const pages = useCursorPages(inputKey(base));
  const query = useQuery(
    trpc.audit.list.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  const rows = query.data?.items ?? [];
  return (
    <DataTable
      label="Audit events"
      columns={COLUMNS}
      rows={rows}
      getRowId={(r) => r.id}
      searchValue={url.action ?? ""}
      onSearchChange={(v) => setUrl({ action: v || undefined })}
      searchPlaceholder="Action, e.g. creditor.rate_changed…"
      filters={
        <>
          <CreditorFilter />
          <FilterSelect
            label="Categories"
            value={base.category}
            onChange={(v) => setUrl({ category: v })}
            options={AUDIT_CATEGORIES.map((c) => ({ value: c, label: humanize(c) }))}
          />
          <FilterSelect
            label="Actors"
            value={base.actorType}
            onChange={(v) => setUrl({ actorType: v })}
            options={ACTOR_TYPES.map((a) => ({ value: a, label: humanize(a) }))}
          />
          <TargetFilter value={url.target} onChange={(target) => setUrl({ target })} />
          <DateRange from={base.from} to={base.to} onChange={(r) => setUrl(r)} label="Occurred" />
        </>
      }
      loading={query.isFetching}
      error={query.error ? { title: "The audit log could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      pageSummary={rows.length ? `Page ${pages.page}` : undefined}
      emptyState={
        <EmptyState
          size="sm"
          icon={<ScrollText />}
          title="No audit events match"
          description="Widen the period or clear a filter."
        />
      }
    />
  );
}

function TargetFilter({ value, onChange }: { value?: string; onChange: (v: string | undefined) => void }) {
  const [draft, setDraft] = React.useState(value ?? "");
  return (
    <Input
      aria-label="Target id"
      placeholder="Target id"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => onChange(draft.trim() || undefined)}
      onKeyDown={(e) => e.key === "Enter" && onChange(draft.trim() || undefined)}
      className="h-8 w-44 text-[13px]"
    />
  );
}

function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && typeof v !== "object")
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

const COLUMNS: ColumnDef<Row, unknown>[] = [
  {
    id: "when",
    header: "When",
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-[13px] tabular">{dateTime(row.original.occurredAt)}</span>
    ),
  },
  {
    id: "action",
    header: "Action",
    cell: ({ row: { original: a } }) => (
      <div className="grid gap-0.5">
        <span className="font-mono text-xs font-medium">{a.action}</span>
        <Badge variant="muted">{a.category}</Badge>
      </div>
    ),
  },
  {
    id: "actor",
    header: "Actor",
    cell: ({ row: { original: a } }) => (
      <span className="text-[13px]">
        {a.actorName ?? humanize(a.actorType)}{" "}
        <span className="block font-mono text-[11px] text-muted-foreground">
          {a.actorType === "user" ? shortId(a.actorId) : a.actorId}
        </span>
      </span>
    ),
  },
  {
    id: "creditor",
    header: "Creditor",
    cell: ({ row }) => row.original.creditorName ?? <span className="text-muted-foreground">—</span>,
  },
  {
    id: "target",
    header: "Target",
    cell: ({ row: { original: a } }) =>
      a.targetType ? (
        <span className="text-[13px]">
          {humanize(a.targetType)}{" "}
          <span className="font-mono text-xs text-muted-foreground">{a.targetId ? shortId(a.targetId) : ""}</span>
        </span>
      ) : (
        "—"
      ),
  },
  {
    id: "details",
    header: "Details",
    cell: ({ row }) => (
      <span
        className="line-clamp-2 max-w-md text-xs text-muted-foreground"
        title={JSON.stringify(row.original.details)}
      >
        {summary(row.original.details)}
      </span>
    ),
  },
];
