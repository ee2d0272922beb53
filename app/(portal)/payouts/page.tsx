import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Payouts } from "@/components/portal/payouts";

export const metadata: Metadata = { title: "Payouts" };

/** The creditor's payouts and the rows each one paid. */
export default function PayoutsPage() {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Payouts"
        description="Every payout we sent you, how it was sent, and the remittance rows it paid (clawbacks included)."
      />
      <Payouts />
    </div>
  );
}
