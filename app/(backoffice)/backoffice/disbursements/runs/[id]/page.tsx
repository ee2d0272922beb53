import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { RunView } from "@/components/disbursements/run-view";

export const metadata: Metadata = { title: "Disbursement run" };

/** One run and its four-eyes decision. */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="grid gap-6">
      <PageHeader title="Disbursement run" />
      <RunView id={id} />
    </div>
  );
}
