import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AuditTable } from "@/components/backoffice/audit-table";
import { auditListInput, fromRecord, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(trpc.audit.list.queryOptions(auditListInput(fromRecord(await searchParams))));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Audit log"
        description="Who did what, when, how and on which record. Append-only: the database refuses to change or delete an event."
      />
      <HydrateClient>
        <AuditTable />
      </HydrateClient>
    </div>
  );
}
