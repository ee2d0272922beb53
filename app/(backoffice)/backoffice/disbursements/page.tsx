import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { DisbursementsList } from "@/components/disbursements/disbursements-list";
import { NewRunButton } from "@/components/disbursements/payables-table";

export const metadata: Metadata = { title: "Disbursements" };

/** Disbursement runs (proposed, approved by a second person, rejected) and every disbursement. */
export default function DisbursementsPage() {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Disbursements"
        description="Draft → approved → sent → paid → bank-confirmed (or failed, rows back to payable). Every change is audited."
        actions={<NewRunButton />}
      />
      <DisbursementsList />
    </div>
  );
}
