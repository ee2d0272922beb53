import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { InviteDialog } from "@/components/portal/invite-dialog";
import { invitationsInput } from "@/components/portal/invitations-input";
import { UsersAdmin } from "@/components/portal/users-admin";
import { getSession } from "@/server/auth/session";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Users & invitations" };

export default async function UsersPage() {
  const user = await getSession();
  if (user?.role !== "creditor_admin") redirect("/settings");
  await prefetchNow(trpc.users.list.queryOptions(), trpc.invitations.list.queryOptions(invitationsInput()));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Users & invitations"
        description="Who can sign in to your portal, and what they can do."
        actions={<InviteDialog scope="creditor" />}
      />
      <HydrateClient>
        <UsersAdmin currentUserId={user.id} />
      </HydrateClient>
    </div>
  );
}
