import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { RunBuilder } from "@/components/disbursements/run-builder";

export const metadata: Metadata = { title: "New disbursement run" };

/** Choose creditors and a cut-off, preview every payment and its rows, propose. */
export default function NewRunPage() {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="New disbursement run"
        description="Negative rows net against positive ones; a creditor whose net is not positive is carried forward. Nothing moves until a second finance person approves."
      />
      <RunBuilder />
    </div>
  );
}
