import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/portal/status-badge";
import { humanize } from "@/components/portal/format";
import { ItemFacts } from "@/components/workbench/item-facts";
import { ItemHistory } from "@/components/workbench/item-history";
import { LifecycleBar } from "@/components/workbench/lifecycle-bar";
import { WorkItemPanel } from "@/components/workbench/panels";
import { getSession } from "@/server/auth/session";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Work item" };
export const dynamic = "force-dynamic";

/** One work item: what happened, its evidence and actions (by kind, from the panel registry), its history. */
export default async function WorkItemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [user, caller] = await Promise.all([getSession(), getServerCaller()]);
  const item = await caller.workItems.get({ workItemId: id }).catch((err: unknown) => {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  });
  const viewer = { id: user?.id ?? "", role: user?.role ?? "" };
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={
          <Link href="/backoffice/work-items" className="hover:underline">
            Work queue · {humanize(item.kind)}
          </Link>
        }
        title={item.title}
        description={item.nextAction}
      >
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={item.status} />
          {item.isOverdue ? <Badge variant="destructive">Overdue</Badge> : null}
          {item.isPendingApproval ? <Badge variant="warning">Pending approval</Badge> : null}
        </div>
      </PageHeader>
      <LifecycleBar item={item} viewerId={viewer.id} />
      <ItemFacts item={item} />
      <WorkItemPanel item={item} evidence={item.evidence} viewer={viewer} />
      <ItemHistory history={item.history} />
    </div>
  );
}
