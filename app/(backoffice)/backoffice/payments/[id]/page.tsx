import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { PaymentView } from "@/components/bank/payment-view";

export const metadata: Metadata = { title: "Payment" };

/** One payment and its cash truth. */
export default async function PaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="grid gap-6">
      <PageHeader title="Payment" />
      <PaymentView id={id} />
    </div>
  );
}
