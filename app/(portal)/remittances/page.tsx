import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { PortalRemittancesTable } from "@/components/portal/remittances-table";
import { ExportButton } from "@/components/exports/export-button";
import { fromRecord, remittanceListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Remittances" };

export default async function RemittancesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(trpc.portal.remittances.queryOptions(remittanceListInput(fromRecord(await searchParams))));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Remittances"
        description="One row per cleared payment or installment, with the contingency rate snapshotted on it. Reversals are separate negative rows that point at their parent; no row is ever changed."
        actions={<ExportButton />}
      />
      <HydrateClient>
        <PortalRemittancesTable />
      </HydrateClient>
    </div>
  );
}
