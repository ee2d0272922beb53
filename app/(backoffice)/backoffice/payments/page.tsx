import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { PaymentsTable } from "@/components/backoffice/payments-table";
import { fromRecord, paymentListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Payments" };

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(trpc.backoffice.payments.queryOptions(paymentListInput(fromRecord(await searchParams))));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Payments"
        description="Every debtor payment we received, matched to a placement or waiting in the queue."
      />
      <HydrateClient>
        <PaymentsTable />
      </HydrateClient>
    </div>
  );
}
