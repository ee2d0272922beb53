import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CashOverview } from "@/components/bank/cash-overview";
import { PayablesTable } from "@/components/disbursements/payables-table";

export const metadata: Metadata = { title: "Overview" };

/** The back-office overview: cash not yet confirmed by the bank, by age, and what each creditor is owed. */
export default function OverviewPage() {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Overview"
        description="Is the money the ledger calls collected really in the bank? And what do we owe each creditor?"
      />
      <CashOverview />
      <section className="grid gap-2" aria-label="Payables">
        <h2 className="text-sm font-semibold">Payables</h2>
        <PayablesTable />
      </section>
    </div>
  );
}
