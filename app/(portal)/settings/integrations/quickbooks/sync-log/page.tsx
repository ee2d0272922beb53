import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getSession } from "@/server/auth/session";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";
import { SyncLog } from "./sync-log";
import { syncLogInputs } from "./sync-log-inputs";

export const metadata: Metadata = { title: "QuickBooks sync log" };

/** The creditor's QBO sync log: writebacks (failures with QuickBooks' message and Retry) and QuickBooks events (drift with cause, payments found in QuickBooks). */
export default async function SyncLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [user, params] = await Promise.all([getSession(), searchParams]);
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : undefined);
  const inputs = syncLogInputs({ status: one("status"), q: one("q"), kind: one("kind") });
  await prefetchNow(
    one("tab") === "events"
      ? trpc.qbo.events.queryOptions(inputs.events)
      : trpc.qbo.writebacks.queryOptions(inputs.writebacks),
  );
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={
          <Link href="/settings/integrations/quickbooks" className="inline-flex items-center gap-1 hover:underline">
            <ArrowLeft className="size-3" aria-hidden />
            QuickBooks Online
          </Link>
        }
        title="QuickBooks sync log"
        description="Every payment we wrote to QuickBooks, every failure with QuickBooks' own message, every drift between its balances and ours with the likely cause, and payments entered directly in QuickBooks."
      />
      <HydrateClient>
        <SyncLog canRetry={user?.role === "creditor_admin"} />
      </HydrateClient>
    </div>
  );
}
