import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import type { PlacementPage } from "@/server/services/queries/placement-page";
import { PageHeader } from "@/components/ui/page-header";
import { cn } from "@/components/ui/cn";
import { PlacementSummary } from "@/components/portal/placement-summary";
import { StatusBadge } from "@/components/portal/status-badge";
import { day } from "@/components/portal/format";

/** Header, figures and Timeline / Ledger tabs of a placement in the back-office. */
export function StaffPlacementHeader({
  placement: p,
  tab,
}: {
  placement: PlacementPage["placement"];
  tab: "timeline" | "ledger";
}) {
  const tabs = [
    { key: "timeline", label: "Timeline", href: `/backoffice/placements/${p.id}` },
    { key: "ledger", label: "Ledger", href: `/backoffice/placements/${p.id}/ledger` },
  ] as const;
  return (
    <div className="grid gap-4">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-1">
            <Link href="/backoffice/placements" className="inline-flex items-center gap-1 hover:text-foreground">
              <ChevronLeft className="size-3.5" aria-hidden /> Placements
            </Link>
            <span aria-hidden>/</span>
            <Link href={`/backoffice/creditors/${p.creditorId}`} className="hover:text-foreground">
              {p.creditorName}
            </Link>
          </span>
        }
        title={`Invoice ${p.invoiceNumber}`}
        description={`${p.debtorName}${p.debtorEmail ? ` · ${p.debtorEmail}` : ""} · placed ${day(p.placedAt)} · id ${p.id}`}
        actions={<StatusBadge status={p.displayStatus} className="text-sm" />}
      />
      <PlacementSummary placement={p} remittancesHref={`/backoffice/remittances?placement=${p.id}`} />
      <nav aria-label="Placement views" className="flex gap-1 border-b">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={t.href}
            aria-current={tab === t.key ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
              tab === t.key && "border-primary text-foreground",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
