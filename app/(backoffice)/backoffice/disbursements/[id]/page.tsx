import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { DisbursementView } from "@/components/disbursements/disbursement-view";

export const metadata: Metadata = { title: "Disbursement" };

/** One disbursement: rows, history, bank confirmation, QuickBooks entry. */
export default async function DisbursementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="grid gap-6">
      <PageHeader title="Disbursement" />
      <DisbursementView id={id} />
    </div>
  );
}
