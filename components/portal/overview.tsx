"use client";

import * as React from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight, Banknote, Hourglass, Landmark, Percent, Send } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { AGEING_BUCKETS, ageingDueRange, addDays, type Period } from "@/server/domain/periods";
import type { PortalOverview } from "@/server/services/queries/portal-overview";
import { StatCard } from "@/components/ui/stat-card";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/error-state";
import { EmptyState } from "@/components/ui/empty-state";
import { AreaChartCard } from "@/components/charts/area-chart-card";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { compactMoney, day, money, plotValue, rate } from "./format";

/** The creditor's overview for one period: figures per currency, each linking to the rows behind it. */
export function Overview({ period }: { period: Period }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.portal.overview.queryOptions(period));
  if (query.isPending) return <OverviewSkeleton />;
  if (query.error)
    return (
      <ErrorState
        title="The overview could not be loaded"
        description={query.error.message}
        onRetry={() => void query.refetch()}
      />
    );
  const o = query.data;
  if (o.currencies.length === 0) {
    return (
      <EmptyState
        icon={<Banknote />}
        title="Nothing to show yet"
        description="Once invoices are placed and debtors pay, your collections, fees and net remit appear here."
      />
    );
  }
  return (
    <div className="grid gap-8">
      {o.currencies.map((c) => (
        <CurrencySection key={c} overview={o} currency={c} />
      ))}
    </div>
  );
}

function CurrencySection({ overview: o, currency }: { overview: PortalOverview; currency: string }) {
  const totals = o.totals.find((t) => t.currency === currency)!;
  const outstanding = o.outstanding.find((t) => t.currency === currency)!;
  const rows = `/remittances?currency=${currency}&from=${o.period.from}&to=${o.period.to}`;
  const blendedBps = totals.collected > 0n ? Number((totals.fees * 1_000_000n) / totals.collected) / 100 : null;
  const data = o.series
    .filter((s) => s.currency === currency)
    .map((s) => ({ bucket: s.bucket, fees: plotValue(s.fees, currency), net: plotValue(s.netRemitted, currency) }));
  return (
    <section aria-labelledby={`cur-${currency}`} className="grid gap-4">
      <h2 id={`cur-${currency}`} className="text-sm font-semibold tracking-tight text-muted-foreground">
        {currency}{" "}
        <span className="font-normal">
          · {day(o.period.from)} – {day(addDays(o.period.to, -1))}
        </span>
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-5">
        <StatCard
          label="Collected"
          icon={<Banknote />}
          value={<span data-testid={`collected-${currency}`}>{money(totals.collected, currency)}</span>}
          hint={`${totals.payments.toLocaleString("en-US")} payments${totals.reversals ? `, ${totals.reversals} reversals (${money(totals.reversed, currency)})` : ""}`}
          href={rows}
        />
        <StatCard
          label="Fees"
          icon={<Percent />}
          value={<span data-testid={`fees-${currency}`}>{money(totals.fees, currency)}</span>}
          hint={
            blendedBps === null
              ? "No collections in this period"
              : `${rate(blendedBps)} of collected, at each row's rate`
          }
          href={rows}
        />
        <StatCard
          label="Net owed to you"
          icon={<Landmark />}
          value={<span data-testid={`owed-${currency}`}>{money(totals.owedNow, currency)}</span>}
          hint={`Collected less fees, not yet paid out, as of ${day(o.asOf)}`}
          href={`/remittances?currency=${currency}`}
        />
        <StatCard
          label="Paid out"
          icon={<Send />}
          value={<span data-testid={`paid-out-${currency}`}>{money(totals.paidOut, currency)}</span>}
          hint={`Sent to you in this period; ${money(totals.netRemitted, currency)} net of fees was collected`}
          href="/payouts"
        />
        <StatCard
          label="Outstanding"
          icon={<Hourglass />}
          value={<span data-testid={`outstanding-${currency}`}>{money(outstanding.amount, currency)}</span>}
          hint={`${outstanding.placements.toLocaleString("en-US")} open placements, as of ${day(o.asOf)}`}
          href={`/placements?status=open&currency=${currency}`}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-5">
        <AreaChartCard
          className="lg:col-span-3"
          title="Collections over time"
          description={`Per ${o.granularity}: net remit and fees stacked, so each point's height is what was collected.`}
          data={data}
          xKey="bucket"
          series={[
            { key: "net", label: "Net remit" },
            { key: "fees", label: "Fees" },
          ]}
          stacked
          curve={o.granularity === "day" ? "linear" : "monotone"}
          valueFormatter={(v) => new Intl.NumberFormat("en-US", { style: "currency", currency }).format(v)}
          axisFormatter={(v) => compactMoney(v, currency)}
          xFormatter={(v) => day(String(v))}
          height={260}
        />
        <AgeingCard overview={o} currency={currency} />
      </div>
    </section>
  );
}

const AGE_COLORS = [
  "var(--chart-2)",
  "var(--chart-1)",
  "var(--chart-3)",
  "var(--warning)",
  "var(--chart-4)",
  "var(--destructive)",
];

function AgeingCard({ overview: o, currency }: { overview: PortalOverview; currency: string }) {
  const rows = AGEING_BUCKETS.map((b, i) => {
    const hit = o.ageing.find((a) => a.bucket === b.key && a.currency === currency);
    const range = ageingDueRange(b.key, o.asOf);
    const qs = new URLSearchParams({
      status: "open",
      currency,
      ...(range.dueFrom ? { dueFrom: range.dueFrom } : {}),
      ...(range.dueTo ? { dueTo: range.dueTo } : {}),
    });
    return {
      ...b,
      color: AGE_COLORS[i]!,
      amount: hit?.amount ?? 0n,
      placements: hit?.placements ?? 0,
      href: `/placements?${qs}`,
    };
  });
  const total = rows.reduce((s, r) => s + r.amount, 0n);
  return (
    <Card className="gap-3 lg:col-span-2">
      <CardHeader>
        <CardTitle>Ageing of open placements</CardTitle>
        <CardDescription>Outstanding balance by days past the invoice due date.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden>
          {rows.map((r) =>
            total > 0n && r.amount > 0n ? (
              <span key={r.key} style={{ width: `${Number((r.amount * 1000n) / total) / 10}%`, background: r.color }} />
            ) : null,
          )}
        </div>
        <ul className="grid text-[13px]">
          {rows.map((r) => (
            <li key={r.key}>
              <Link
                href={r.href}
                className="group flex items-center gap-2 rounded-md px-1.5 py-1.5 outline-none hover:bg-muted/60 focus-visible:ring-[3px] focus-visible:ring-ring/40"
              >
                <span className="size-2.5 shrink-0 rounded-[3px]" style={{ background: r.color }} aria-hidden />
                <span className="min-w-0 flex-1 whitespace-nowrap">{r.label}</span>
                <span className="text-right whitespace-nowrap text-muted-foreground tabular sm:w-24">
                  {r.placements.toLocaleString("en-US")} open
                </span>
                <span
                  className="w-28 text-right font-medium whitespace-nowrap tabular sm:w-32"
                  data-testid={`ageing-${r.key}-${currency}`}
                >
                  {money(r.amount, currency)}
                </span>
                <ArrowRight className="size-3.5 text-muted-foreground opacity-0 group-hover:opacity-100" aria-hidden />
              </Link>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

export function OverviewSkeleton() {
  return (
    <div className="grid gap-4" aria-busy aria-label="Loading overview">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-5">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-[106px] rounded-lg" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-5">
        <Skeleton className="h-[340px] rounded-lg lg:col-span-3" />
        <Skeleton className="h-[340px] rounded-lg lg:col-span-2" />
      </div>
    </div>
  );
}
