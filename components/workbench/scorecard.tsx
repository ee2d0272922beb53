"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { BarChartCard } from "@/components/charts/bar-chart-card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { StatCard } from "@/components/ui/stat-card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { humanize, money } from "@/components/portal/format";

const pct = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);
const count = (n: number) => n.toLocaleString("en-US");
const AGE_COLORS = ["var(--chart-2)", "var(--chart-1)", "var(--chart-3)", "var(--chart-4)", "var(--destructive)"];

function duration(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** The workbench scorecard: how the queue is doing, computed from the data. */
export function Scorecard() {
  const trpc = useTRPC();
  const q = useQuery(trpc.workbench.scorecard.queryOptions());
  if (q.isPending) return <Skeleton className="h-96 rounded-lg" />;
  if (q.error)
    return (
      <ErrorState
        title="The scorecard could not be computed"
        description={q.error.message}
        onRetry={() => void q.refetch()}
      />
    );
  const s = q.data;
  return (
    <div className="grid gap-6">
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard
          label="Auto-match rate"
          value={pct(s.autoMatchRate)}
          hint={`${count(s.autoMatched)} of ${count(s.payments)} payments in ${s.weeks} weeks placed without a person`}
        />
        <StatCard
          label="Median time to resolve"
          value={duration(s.medianHoursToResolve)}
          hint="items closed in the period"
        />
        <StatCard label="Reopen rate" value={pct(s.reopenRate)} hint={`${count(s.reopened)} reopened at least once`} />
        <StatCard
          label="Four-eyes pending"
          value={count(s.pendingApprovals)}
          hint="decisions waiting for finance or an admin"
          href="/backoffice/work-items?pending=1"
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <BarChartCard
          title="Opened and closed per week"
          description="Items queued, and items resolved or dismissed, by ISO week"
          data={s.weekly}
          xKey="week"
          series={[
            { key: "opened", label: "Opened" },
            { key: "closed", label: "Closed" },
          ]}
          valueFormatter={(v) => count(v)}
          xFormatter={(v) => String(v).slice(5)}
        />
        <BarChartCard
          title="Open by age"
          description={`${count(s.overdue)} overdue against their service level`}
          data={s.openByAge}
          xKey="bucket"
          series={[{ key: "open", label: "Open items" }]}
          categoryColors={AGE_COLORS}
          valueFormatter={(v) => count(v)}
          emptyMessage="Nothing is open."
        />
        <BarChartCard
          title="Open by kind"
          data={s.openByKind.map((k) => ({ kind: humanize(k.kind), open: k.open }))}
          xKey="kind"
          series={[{ key: "open", label: "Open items" }]}
          horizontal
          valueFormatter={(v) => count(v)}
          emptyMessage="Nothing is open."
        />
        <div className="grid content-start gap-2 rounded-lg border p-4">
          <h2 className="text-sm font-semibold">Manual adjustments</h2>
          <p className="text-xs text-muted-foreground">
            Write-offs, direct payments, waivers and debits recorded by people in the last {s.weeks} weeks
          </p>
          {s.manualAdjustments.length ? (
            <Table aria-label="Manual adjustments">
              <TableHeader>
                <TableRow>
                  <TableHead>Currency</TableHead>
                  <TableHead numeric>Count</TableHead>
                  <TableHead numeric>Amount</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {s.manualAdjustments.map((a) => (
                  <TableRow key={a.currency}>
                    <TableCell>{a.currency}</TableCell>
                    <TableCell numeric>{count(a.count)}</TableCell>
                    <TableCell numeric>{money(a.amount, a.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <p className="text-sm text-muted-foreground">None in the period.</p>
          )}
        </div>
      </div>
    </div>
  );
}
