"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Download, FileDown, RotateCcw } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import type { ExportRow } from "@/server/services/exports/exports";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { toast } from "@/components/ui/toast";
import { dateTime, humanize } from "@/components/portal/format";

type Row = ExportRow & { creditorName?: string | null; download: { url: string; expiresAt: Date } | null };

const TONE: Record<Row["status"], BadgeProps["variant"]> = {
  queued: "muted",
  running: "info",
  succeeded: "success",
  failed: "destructive",
  expired: "outline",
};

const bytes = (n: number | null) =>
  n === null
    ? ""
    : n < 1024
      ? `${n} B`
      : n < 1024 ** 2
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1024 ** 2).toFixed(1)} MB`;

function filterSummary(f: Record<string, unknown>): string {
  const parts = Object.entries(f).map(([k, v]) => `${k.replace(/_/g, " ")}: ${String(v)}`);
  return parts.length ? parts.join(", ") : "everything";
}

function columns(scope: "portal" | "staff", retry: (id: string) => void, highlight?: string): ColumnDef<Row>[] {
  return [
    {
      id: "created",
      header: "Requested",
      cell: ({ row }) => (
        <span className={row.original.id === highlight ? "font-medium" : undefined}>
          {dateTime(row.original.createdAt)}
        </span>
      ),
    },
    ...(scope === "staff"
      ? [
          {
            id: "creditor",
            header: "Creditor",
            cell: ({ row }) => row.original.creditorName ?? "Agency-wide",
          } as ColumnDef<Row>,
        ]
      : []),
    {
      id: "what",
      header: "Export",
      cell: ({ row }) => (
        <div className="grid gap-0.5">
          <span>
            {humanize(row.original.type)} · {row.original.format === "qbo_bank_csv" ? "QuickBooks bank file" : "CSV"}
          </span>
          <span className="text-xs text-muted-foreground">{filterSummary(row.original.filters)}</span>
        </div>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => <Badge variant={TONE[row.original.status]}>{humanize(row.original.status)}</Badge>,
    },
    {
      id: "progress",
      header: "Progress",
      cell: ({ row }) => {
        const e = row.original;
        if (e.status === "failed") return <span className="text-xs text-destructive">{e.failureReason}</span>;
        const expected = e.rowsExpected;
        const value = e.status === "succeeded" ? 100 : expected ? (e.rowsWritten / Math.max(expected, 1)) * 100 : null;
        return (
          <div className="grid min-w-36 gap-1">
            <Progress
              value={e.status === "queued" ? 0 : value}
              size="sm"
              aria-label={`Export progress ${e.id.slice(0, 8)}`}
            />
            <span className="text-xs text-muted-foreground tabular-nums">
              {e.rowsWritten.toLocaleString()} {expected !== null ? `of ${expected.toLocaleString()} ` : ""}rows
            </span>
          </div>
        );
      },
    },
    {
      id: "file",
      header: "File",
      meta: { numeric: true },
      cell: ({ row }) => bytes(row.original.byteCount),
    },
    {
      id: "actions",
      header: "",
      cell: ({ row }) => {
        const e = row.original;
        if (e.download)
          return (
            <Button asChild size="sm" variant="outline">
              <a href={e.download.url} download={e.fileName}>
                <Download aria-hidden /> Download
              </a>
            </Button>
          );
        if (e.status === "failed")
          return (
            <Button size="sm" variant="outline" onClick={() => retry(e.id)}>
              <RotateCcw aria-hidden /> Retry
            </Button>
          );
        return null;
      },
    },
  ];
}

/** Export history with live progress (polled while something renders), download links and retry. */
export function ExportsTable({ scope, highlight }: { scope: "portal" | "staff"; highlight?: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const poll = (q: { state: { data?: { items: Array<{ status: string }> } } }) =>
    q.state.data?.items.some((e) => e.status === "queued" || e.status === "running") ? 1_000 : false;
  const portal = useQuery({
    ...trpc.exports.list.queryOptions({}),
    enabled: scope === "portal",
    refetchInterval: poll,
  });
  const staff = useQuery({
    ...trpc.backofficeExports.list.queryOptions({}),
    enabled: scope === "staff",
    refetchInterval: poll,
  });
  const query = scope === "portal" ? portal : staff;
  const queryKey = scope === "portal" ? trpc.exports.list.queryKey() : trpc.backofficeExports.list.queryKey();
  const retryPortal = useMutation(trpc.exports.retry.mutationOptions());
  const retryStaff = useMutation(trpc.backofficeExports.retry.mutationOptions());
  const retry = React.useCallback(
    async (id: string) => {
      try {
        await (scope === "portal" ? retryPortal : retryStaff).mutateAsync({ id });
        await qc.invalidateQueries({ queryKey });
      } catch (err) {
        toast.error("Could not retry", { description: err instanceof Error ? err.message : undefined });
      }
    },
    [scope, retryPortal, retryStaff, qc, queryKey],
  );
  const cols = React.useMemo(() => columns(scope, (id) => void retry(id), highlight), [scope, retry, highlight]);
  return (
    <DataTable
      label="Exports"
      columns={cols}
      rows={(query.data?.items ?? []) as Row[]}
      getRowId={(r) => r.id}
      loading={query.isFetching && !query.data}
      error={query.error ? query.error.message : null}
      onRetry={() => void query.refetch()}
      emptyState={
        <EmptyState
          icon={<FileDown />}
          title="No exports yet"
          description="Use Export on the Overview or Remittances page; the file appears here when it is ready."
        />
      }
    />
  );
}
