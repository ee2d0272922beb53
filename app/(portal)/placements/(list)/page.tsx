import type { Metadata } from "next";
import Link from "next/link";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { PortalPlacementsTable } from "@/components/portal/placements-table";
import { fromRecord, placementListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Placements" };

export default async function PlacementsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(trpc.portal.placements.queryOptions(placementListInput(fromRecord(await searchParams))));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Placements"
        description="Every invoice you placed with us, with what has been recovered and what is still outstanding."
        actions={
          <Button asChild size="sm">
            <Link href="/placements/import">
              <Upload aria-hidden />
              Place invoices
            </Link>
          </Button>
        }
      />
      <HydrateClient>
        <PortalPlacementsTable />
      </HydrateClient>
    </div>
  );
}
