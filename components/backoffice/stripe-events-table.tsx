"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Webhook } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/components/ui/cn";
import { dateTime, elapsed, humanize } from "@/components/portal/format";
import { FilterSelect } from "@/components/portal/filter-select";
import { inputKey, STRIPE_EVENT_STATUSES, stripeEventListInput } from "@/components/portal/list-params";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";
import { StatusBadge } from "@/components/portal/status-badge";

type Row = {
  eventId: string;
  type: string;
  status: string;
  objectId: string | null;
  receivedAt: Date;
  ageSeconds: number;
  attempts: number;
  error: string | null;
  livemode: boolean;
};

const KEYS = ["status", "type", "q"] as const;

export const stripeEventHref = (eventId: string) => `/backoffice/stripe-events/${encodeURIComponent(eventId)}`;

/** The Stripe webhook inbox, newest first: what arrived, how it was applied, and why not when it was not. */
export function StripeEventsTable() {
  const trpc = useTRPC();
  const router = useRouter();
  const [url, setUrl] = useUrlState(KEYS);
  const base = stripeEventListInput((k) => url[k as (typeof KEYS)[number]]);
  const pages = useCursorPages(inputKey(base));
  const query = useQuery(
    trpc.stripeEvents.list.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  const summary = useQuery(trpc.stripeEvents.summary.queryOptions());
  const types = summary.data?.handledTypes ?? [];
  const rows = query.data?.items ?? [];
  return (
    <DataTable
      className="[&_td]:whitespace-nowrap [&_th]:whitespace-nowrap"
      label="Stripe events"
      columns={COLUMNS}
      rows={rows}
      getRowId={(r) => r.eventId}
      onRowClick={(r) => router.push(stripeEventHref(r.eventId))}
      searchValue={url.q ?? ""}
      onSearchChange={(q) => setUrl({ q: q || undefined })}
      searchPlaceholder="Event id (evt_…) or object id (pi_…, re_…)"
      filters={
        <>
          <FilterSelect
            label="Statuses"
            value={base.status}
            onChange={(v) => setUrl({ status: v })}
            options={STRIPE_EVENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          />
          <FilterSelect
            label="Types"
            value={base.type}
            onChange={(v) => setUrl({ type: v })}
            // A type from the URL that we do not handle (an ignored event) stays selectable.
            options={[...new Set([...types, ...(base.type ? [base.type] : [])])].map((t) => ({ value: t, label: t }))}
            className="w-64"
          />
        </>
      }
      loading={query.isFetching}
      error={query.error ? { title: "The Stripe inbox could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      pageSummary={rows.length ? `Page ${pages.page} · newest first` : undefined}
      emptyState={
        <EmptyState
          size="sm"
          icon={<Webhook />}
          title="No events match"
          description="Clear a filter, or check the id. Events appear here as Stripe delivers them."
        />
      }
    />
  );
}

const COLUMNS: ColumnDef<Row, unknown>[] = [
  {
    id: "received",
    header: "Received",
    cell: ({ row: { original: r } }) => (
      <div className="grid gap-0.5">
        <span className="text-[13px]">{dateTime(r.receivedAt)}</span>
        <span
          className={cn(
            "text-xs text-muted-foreground",
            (r.status === "parked" || r.status === "failed") && r.ageSeconds > 900 && "text-warning",
          )}
        >
          {elapsed(r.ageSeconds)} ago
        </span>
      </div>
    ),
  },
  { id: "type", header: "Type", cell: ({ row }) => <span className="font-mono text-[13px]">{row.original.type}</span> },
  {
    id: "event",
    header: "Event",
    cell: ({ row: { original: r } }) => (
      <div className="grid gap-0.5">
        <Link href={stripeEventHref(r.eventId)} className="font-mono text-[13px] text-primary hover:underline">
          {r.eventId}
        </Link>
        {r.objectId ? (
          <span className="font-mono text-xs text-muted-foreground">
            {r.objectId}
            {r.livemode ? "" : " · test mode"}
          </span>
        ) : null}
      </div>
    ),
  },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: "attempts",
    header: "Attempts",
    meta: { numeric: true },
    cell: ({ row }) => row.original.attempts.toLocaleString("en-US"),
  },
  {
    id: "error",
    header: "Reason",
    cell: ({ row }) =>
      row.original.error ? (
        <span className="block max-w-md truncate text-[13px] text-muted-foreground" title={row.original.error}>
          {row.original.error}
        </span>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
];
