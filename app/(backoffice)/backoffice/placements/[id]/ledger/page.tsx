import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { StaffPlacementHeader } from "@/components/backoffice/placement-header";
import { LedgerView } from "@/components/backoffice/ledger-view";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Placement ledger" };

export default async function PlacementLedgerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const ledger = await caller.ledger.placement({ placementId: id }).catch((err: unknown) => {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div className="grid gap-6">
      <StaffPlacementHeader placement={ledger.placement} tab="ledger" />
      <LedgerView ledger={ledger} />
    </div>
  );
}
