import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { NewRunButton, PayablesTable } from "@/components/disbursements/payables-table";

export const metadata: Metadata = { title: "Payables" };

/** What each creditor is owed per currency, from the ledger. */
export default function PayablesPage() {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Payables"
        description="Net owed from the ledger, less clawbacks of reversed money and fees owed on direct payments; what is in flight; the last payout."
        actions={<NewRunButton />}
      />
      <PayablesTable />
    </div>
  );
}
