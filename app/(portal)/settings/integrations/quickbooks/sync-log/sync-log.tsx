"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { History, RotateCw, Unplug } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { dateTime, humanize, money } from "@/components/portal/format";
import { FilterSelect } from "@/components/portal/filter-select";
import { useCursorPages, useUrlState } from "@/components/portal/list-state";
import { StatusBadge } from "@/components/portal/status-badge";
import { useTRPC } from "@/server/trpc/react";
import { KINDS, STATUSES, syncLogInputs } from "./sync-log-inputs";

const KEYS = ["tab", "status", "q", "kind"] as const;
const KIND_LABELS: Record<(typeof KINDS)[number], string> = {
  failures: "Failures",
  drift: "Drift",
  direct_payments: "Paid in QuickBooks",
  writebacks: "Postings",
  skipped: "Not written back",
  connection: "Connection",
};
const ACTION_TONE: Record<string, "success" | "destructive" | "warning" | "info" | "muted"> = {
  "qbo.writeback.posted": "success",
  "qbo.writeback.synced": "info",
  "qbo.writeback.failed": "destructive",
  "qbo.drift.detected": "warning",
  "qbo.direct_payment.found": "warning",
  "qbo.connection.needs_reconnect": "destructive",
  "qbo.writeback.skipped": "muted",
};
/** Two tabs: writebacks (filterable, retry on failures) and QuickBooks events (by kind). */
export function SyncLog({ canRetry }: { canRetry: boolean }) {
  const [url, setUrl] = useUrlState(KEYS);
  const trpc = useTRPC();
  const overview = useQuery(trpc.qbo.overview.queryOptions());
  const status = overview.data?.connection?.status;
  const notConnected =
    overview.data && (!status || status === "disconnected") ? (
      <Alert data-testid="qbo-not-connected">
        <Unplug aria-hidden />
        <AlertTitle>QuickBooks is not connected</AlertTitle>
        <AlertDescription>
          {status === "disconnected"
            ? "QuickBooks was disconnected, so payments are not written back to it."
            : "Payments are not written back to QuickBooks until it is connected."}{" "}
          <Link href="/settings/integrations/quickbooks" className="font-medium underline">
            Connect QuickBooks
          </Link>
        </AlertDescription>
      </Alert>
    ) : null;
  // Never connected: nothing was ever written back, so the one line is the whole log.
  if (overview.data && !overview.data.connection) return notConnected;
  return (
    <div className="grid gap-4">
      {notConnected}
      <Tabs
        value={url.tab === "events" ? "events" : "writebacks"}
        onValueChange={(tab) => setUrl({ tab: tab === "events" ? "events" : undefined })}
      >
        <TabsList>
          <TabsTrigger value="writebacks">Writebacks</TabsTrigger>
          <TabsTrigger value="events">Events</TabsTrigger>
        </TabsList>
        <TabsContent value="writebacks">
          <Writebacks url={url} setUrl={setUrl} canRetry={canRetry} />
        </TabsContent>
        <TabsContent value="events">
          <Events url={url} setUrl={setUrl} />
        </TabsContent>
      </Tabs>
    </div>
  );
}

type UrlProps = {
  url: Record<(typeof KEYS)[number], string | undefined>;
  setUrl: (p: Partial<Record<(typeof KEYS)[number], string | undefined>>) => void;
};

function Writebacks({ url, setUrl, canRetry }: UrlProps & { canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const base = syncLogInputs(url).writebacks;
  const pages = useCursorPages(JSON.stringify(base));
  const query = useQuery(
    trpc.qbo.writebacks.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  const retry = useMutation(
    trpc.qbo.retryWriteback.mutationOptions({
      // The retry runs in a job; look again shortly after.
      onSuccess: () =>
        setTimeout(() => void queryClient.invalidateQueries({ queryKey: trpc.qbo.writebacks.pathKey() }), 2_000),
    }),
  );
  type Row = NonNullable<typeof query.data>["items"][number];
  const columns = React.useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      {
        id: "createdAt",
        header: "Requested",
        cell: ({ row }) => <span className="whitespace-nowrap text-[13px]">{dateTime(row.original.createdAt)}</span>,
      },
      {
        id: "invoice",
        header: "Invoice",
        cell: ({ row: { original: r } }) => (
          <Link href={`/placements/${r.placementId}`} className="font-medium hover:underline">
            {r.invoiceNumber}
          </Link>
        ),
      },
      {
        id: "amount",
        header: "Amount",
        meta: { numeric: true },
        cell: ({ row }) => money(row.original.amount, row.original.currency),
      },
      { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
      {
        id: "qbo",
        header: "QuickBooks",
        cell: ({ row: { original: r } }) => (
          <span className="text-[13px] text-muted-foreground">
            {r.qboPaymentId ? `Payment ${r.qboPaymentId}` : r.qboInvoiceId ? `Invoice ${r.qboInvoiceId}` : "Not linked"}
          </span>
        ),
      },
      {
        id: "message",
        header: "What happened",
        cell: ({ row: { original: r } }) => (
          <div className="grid max-w-md gap-0.5 text-[13px]">
            <span className={r.status === "failed" ? "text-destructive" : undefined}>{r.summary}</span>
            {r.status !== "posted" ? (
              <span className="text-xs text-muted-foreground">
                {r.attempts} attempt{r.attempts === 1 ? "" : "s"} · next try {dateTime(r.nextAttemptAt)}
              </span>
            ) : null}
          </div>
        ),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row: { original: r } }) =>
          canRetry && r.status !== "posted" ? (
            <Button
              size="sm"
              variant="outline"
              loading={retry.isPending && retry.variables?.mappingId === r.id}
              onClick={() => retry.mutate({ mappingId: r.id })}
            >
              <RotateCw aria-hidden />
              Retry
            </Button>
          ) : null,
      },
    ],
    [canRetry, retry],
  );
  const rows = query.data?.items ?? [];
  const filtered = Boolean(base.status || base.search);
  return (
    <DataTable
      label="Writebacks"
      columns={columns}
      rows={rows}
      getRowId={(r) => r.id}
      searchValue={url.q ?? ""}
      onSearchChange={(q) => setUrl({ q: q || undefined })}
      searchPlaceholder="Invoice number…"
      filters={
        <FilterSelect
          label="Statuses"
          value={base.status}
          onChange={(v) => setUrl({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
        />
      }
      toolbarActions={
        retry.error ? (
          <span role="alert" className="text-[13px] text-destructive">
            {retry.error.message}
          </span>
        ) : retry.isSuccess ? (
          <Badge variant="info">Retry queued</Badge>
        ) : null
      }
      loading={query.isFetching}
      error={query.error ? { title: "The sync log could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      emptyState={
        <EmptyState
          size="sm"
          icon={<History />}
          title={filtered ? "No writebacks match these filters" : "No writebacks yet"}
          description={
            filtered
              ? "Clear the filters to see every writeback."
              : "A writeback appears here for each payment recovered while QuickBooks is connected."
          }
        />
      }
    />
  );
}

function Events({ url, setUrl }: UrlProps) {
  const trpc = useTRPC();
  const base = syncLogInputs(url).events;
  const pages = useCursorPages(JSON.stringify(base));
  const query = useQuery(
    trpc.qbo.events.queryOptions(pages.cursor ? { ...base, cursor: pages.cursor } : base, {
      placeholderData: keepPreviousData,
    }),
  );
  type Row = NonNullable<typeof query.data>["items"][number];
  const columns = React.useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      {
        id: "occurredAt",
        header: "When",
        cell: ({ row }) => <span className="whitespace-nowrap text-[13px]">{dateTime(row.original.occurredAt)}</span>,
      },
      {
        id: "action",
        header: "Event",
        cell: ({ row }) => (
          <Badge variant={ACTION_TONE[row.original.action] ?? "outline"}>
            {humanize(row.original.action.replace(/^qbo\./, ""))}
          </Badge>
        ),
      },
      {
        id: "summary",
        header: "Details",
        cell: ({ row }) => <span className="block max-w-2xl text-[13px]">{row.original.summary}</span>,
      },
      {
        id: "by",
        header: "By",
        cell: ({ row }) => (
          <span className="text-xs text-muted-foreground">
            {row.original.actorType === "user" ? "A person" : humanize(row.original.actorType)}
          </span>
        ),
      },
    ],
    [],
  );
  return (
    <DataTable
      label="QuickBooks events"
      columns={columns}
      rows={query.data?.items ?? []}
      getRowId={(r) => r.id}
      filters={
        <FilterSelect
          label="Events"
          allLabel="All events"
          value={base.kind}
          onChange={(v) => setUrl({ kind: v })}
          options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
          className="w-48"
        />
      }
      loading={query.isFetching}
      error={query.error ? { title: "The sync log could not be loaded", description: query.error.message } : null}
      onRetry={() => void query.refetch()}
      hasPrevPage={pages.hasPrev}
      hasNextPage={Boolean(query.data?.nextCursor)}
      onPrev={pages.prev}
      onNext={() => query.data?.nextCursor && pages.next(query.data.nextCursor)}
      emptyState={
        <EmptyState
          size="sm"
          icon={<History />}
          title="Nothing recorded yet"
          description="Connections, postings, failures, drift and payments found in QuickBooks are listed here as they happen."
        />
      }
    />
  );
}
