import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { WebhooksManager } from "@/components/exports/webhooks-manager";
import { getSession } from "@/server/auth/session";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Webhooks" };

/** Settings → Webhooks: a creditor admin's endpoints, secrets, test events and delivery logs. */
export default async function WebhooksPage() {
  const user = await getSession();
  if (!user) redirect("/sign-in?callbackUrl=/settings/webhooks");
  const header = (
    <PageHeader
      title="Webhooks"
      description="We POST signed events (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) to your HTTPS endpoints: remittance.created, remittance.reversed, placement.paid, statement.issued, export.succeeded. Payloads are the /v1 objects."
    />
  );
  if (user.role !== "creditor_admin")
    return (
      <div className="grid gap-6">
        {header}
        <EmptyState title="Administrators manage webhooks" description="Ask an administrator of your organisation." />
      </div>
    );
  await prefetchNow(trpc.webhooks.list.queryOptions());
  return (
    <div className="grid gap-6">
      {header}
      <HydrateClient>
        <WebhooksManager />
      </HydrateClient>
    </div>
  );
}
