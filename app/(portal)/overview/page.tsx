import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Overview } from "@/components/portal/overview";
import { ExportButton } from "@/components/exports/export-button";
import { PeriodPicker } from "@/components/portal/period-picker";
import { periodFromParams } from "@/components/portal/overview-period";
import { fromRecord, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { period, active } = periodFromParams(fromRecord(await searchParams));
  await prefetchNow(trpc.portal.overview.queryOptions(period));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Overview"
        description="What debtors paid, what we kept as fee and what is owed to you, per currency. Every figure opens the rows behind it."
        actions={
          <>
            <PeriodPicker active={active} period={period} />
            <ExportButton filters={{ occurred_from: period.from, occurred_to: `${period.to}T00:00:00Z` }} />
          </>
        }
      />
      <HydrateClient>
        <Overview period={period} />
      </HydrateClient>
    </div>
  );
}
