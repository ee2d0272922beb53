import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportsTable } from "@/components/exports/exports-table";
import { StaffExportForm } from "@/components/exports/staff-export-form";
import { getSession } from "@/server/auth/session";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Exports" };

/** Finance's exports: agency-wide or per creditor, the ledger included; every creditor's exports are listed too. */
export default async function StaffExportsPage() {
  const user = await getSession();
  const header = (
    <PageHeader
      title="Exports"
      description="CSV files across creditors (remittances, placements, statement lines, ledger postings) and QuickBooks bank files, with their progress and downloads."
    />
  );
  if (user?.role !== "finance" && user?.role !== "admin")
    return (
      <div className="grid gap-6">
        {header}
        <EmptyState
          title="Finance exports"
          description="Exports across creditors are for the finance and admin roles."
        />
      </div>
    );
  await prefetchNow(trpc.backofficeExports.list.queryOptions({}));
  return (
    <div className="grid gap-6">
      {header}
      <HydrateClient>
        <StaffExportForm />
        <ExportsTable scope="staff" />
      </HydrateClient>
    </div>
  );
}
