"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useTRPC } from "@/server/trpc/react";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { dateTime } from "@/components/portal/format";

type Delivery = {
  id: string;
  type: string;
  status: "pending" | "succeeded" | "failed" | "dead";
  attempts: number;
  responseStatus: number | null;
  latencyMs: number | null;
  responseExcerpt: string | null;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
};
const TONE: Record<Delivery["status"], BadgeProps["variant"]> = {
  pending: "muted",
  succeeded: "success",
  failed: "warning",
  dead: "destructive",
};

/** One endpoint's deliveries (status, attempts, latency, answer excerpt) with replay of one or of all failed since a day. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const log = useQuery(trpc.webhooks.deliveries.queryOptions({ endpointId }));
  const replay = useMutation(trpc.webhooks.replay.mutationOptions());
  const [since, setSince] = React.useState(() => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  const run = React.useCallback(
    async (target: { deliveryId?: string; since?: Date }) => {
      try {
        const r = await replay.mutateAsync({ endpointId, ...target });
        toast.success(`${r.replayed} ${r.replayed === 1 ? "delivery" : "deliveries"} queued again`);
        await qc.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey({ endpointId }) });
      } catch (err) {
        toast.error("Replay failed", { description: err instanceof Error ? err.message : undefined });
      }
    },
    [replay, endpointId, qc, trpc],
  );
  const columns = React.useMemo<ColumnDef<Delivery>[]>(
    () => [
      { id: "at", header: "Created", cell: ({ row }) => dateTime(row.original.createdAt) },
      { id: "type", header: "Event", cell: ({ row }) => <code>{row.original.type}</code> },
      {
        id: "status",
        header: "Status",
        cell: ({ row }) => <Badge variant={TONE[row.original.status]}>{row.original.status}</Badge>,
      },
      { id: "attempts", header: "Attempts", meta: { numeric: true }, cell: ({ row }) => row.original.attempts },
      {
        id: "answer",
        header: "Last answer",
        cell: ({ row }) => {
          const d = row.original;
          return (
            <span className="text-xs">
              {d.responseStatus ?? "—"} {d.latencyMs !== null ? `· ${d.latencyMs} ms` : ""}{" "}
              <span className="text-muted-foreground">{d.lastError ?? d.responseExcerpt?.slice(0, 80)}</span>
            </span>
          );
        },
      },
      {
        id: "replay",
        header: "",
        cell: ({ row }) => (
          <Button size="sm" variant="ghost" onClick={() => void run({ deliveryId: row.original.id })}>
            Replay
          </Button>
        ),
      },
    ],
    [run],
  );
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1">
          <Label htmlFor={`since-${endpointId}`}>Failed since</Label>
          <Input id={`since-${endpointId}`} type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
        <Button size="sm" variant="outline" onClick={() => void run({ since: new Date(`${since}T00:00:00Z`) })}>
          Replay all failed
        </Button>
      </div>
      <DataTable
        label="Deliveries"
        columns={columns}
        rows={(log.data ?? []) as Delivery[]}
        getRowId={(r) => r.id}
        loading={log.isFetching && !log.data}
        error={log.error ? log.error.message : null}
      />
    </div>
  );
}
