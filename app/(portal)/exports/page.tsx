import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ExportsTable } from "@/components/exports/exports-table";
import { fromRecord, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Exports" };

/** The creditor's exports: history, progress while rendering, download while the file is kept. */
export default async function ExportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const highlight = fromRecord(await searchParams)("highlight");
  await prefetchNow(trpc.exports.list.queryOptions({}));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Exports"
        description="Files you asked for on the Overview and Remittances pages or through POST /v1/exports. Download links are signed and short-lived; files are deleted after the retention period."
      />
      <HydrateClient>
        <ExportsTable scope="portal" highlight={highlight} />
      </HydrateClient>
    </div>
  );
}
