import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreditorsTable } from "@/components/backoffice/creditors-table";
import { creditorListInput, fromRecord, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Creditors" };

export default async function CreditorsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(trpc.backoffice.creditors.queryOptions(creditorListInput(fromRecord(await searchParams))));
  return (
    <div className="grid gap-6">
      <PageHeader title="Creditors" description="The agency's clients, their contingency rates and their open work." />
      <HydrateClient>
        <CreditorsTable />
      </HydrateClient>
    </div>
  );
}
