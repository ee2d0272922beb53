import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { StaffPlacementHeader } from "@/components/backoffice/placement-header";
import { Timeline } from "@/components/portal/timeline";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Placement" };

export default async function StaffPlacementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const page = await caller.backoffice.placement({ id }).catch((err: unknown) => {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div className="grid gap-6">
      <StaffPlacementHeader placement={page.placement} tab="timeline" />
      <Timeline events={page.timeline} />
    </div>
  );
}
