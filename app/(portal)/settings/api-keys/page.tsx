import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { getSession } from "@/server/auth/session";
import { getServerCaller } from "@/server/trpc/server";
import { ApiKeysManager } from "./api-keys-manager";

export const metadata: Metadata = { title: "API keys" };

/** A creditor admin's machine keys: create (secret shown once), see when each was last used, revoke. */
export default async function ApiKeysPage() {
  const user = await getSession();
  if (!user) redirect("/sign-in?callbackUrl=/settings/api-keys");
  const header = (
    <PageHeader
      title="API keys"
      description="Keys let your systems place invoices and read remittances through the /v1 API. Each key acts for your organisation only."
    />
  );
  if (user.role !== "creditor_admin") {
    return (
      <div className="grid gap-6">
        {header}
        <EmptyState
          title="Administrators manage API keys"
          description="Ask an administrator of your organisation to create a key for you."
        />
      </div>
    );
  }
  const keys = await (await getServerCaller()).apiKeys.list();
  return (
    <div className="grid gap-6">
      {header}
      <ApiKeysManager keys={keys} />
    </div>
  );
}
