import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { ChevronLeft } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { PlacementSummary } from "@/components/portal/placement-summary";
import { StatusBadge } from "@/components/portal/status-badge";
import { Timeline } from "@/components/portal/timeline";
import { day } from "@/components/portal/format";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Placement" };

/**
 * A creditor's placement with its timeline. Another creditor's placement is "not found", like a
 * missing one, with a real 404: no loading boundary wraps this segment (the list's skeleton lives in
 * the `(list)` group), so the status is decided before the response starts streaming.
 */
export default async function PlacementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const page = await caller.portal.placement({ id }).catch((err: unknown) => {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const p = page.placement;
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={
          <Link href="/placements" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft className="size-3.5" aria-hidden /> Placements
          </Link>
        }
        title={`Invoice ${p.invoiceNumber}`}
        description={`${p.debtorName}${p.debtorEmail ? ` · ${p.debtorEmail}` : ""} · placed ${day(p.placedAt)}`}
        actions={<StatusBadge status={p.displayStatus} className="text-sm" />}
      />
      <PlacementSummary placement={p} remittancesHref={`/remittances?placement=${p.id}`} />
      <section aria-labelledby="timeline-title" className="grid gap-3">
        <h2 id="timeline-title" className="text-sm font-semibold">
          Timeline
        </h2>
        <Timeline events={page.timeline} />
      </section>
    </div>
  );
}
