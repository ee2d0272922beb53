import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { StaffAdmin } from "@/components/backoffice/staff-admin";
import { STAFF_ROLE_OPTIONS } from "@/components/backoffice/staff-roles";
import { InvitationsCard } from "@/components/portal/invitations-card";
import { InviteDialog } from "@/components/portal/invite-dialog";
import { invitationsInput } from "@/components/portal/invitations-input";
import { getSession } from "@/server/auth/session";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "People" };

/**
 * Agency admins invite staff and change their roles, and see every invitation (staff and creditors')
 * with its status; a creditor's people are invited from the creditor's page.
 */
export default async function PeoplePage() {
  const user = await getSession();
  if (user?.role !== "admin") redirect("/backoffice/work-items");
  await prefetchNow(trpc.users.list.queryOptions(), trpc.invitations.list.queryOptions(invitationsInput()));
  const invite = <InviteDialog scope="agency" roles={STAFF_ROLE_OPTIONS} triggerLabel="Invite staff" />;
  return (
    <div className="grid gap-6">
      <PageHeader
        title="People"
        description="Who works in the back-office and with which role. To invite a creditor's people, open the creditor."
        actions={invite}
      />
      <HydrateClient>
        <StaffAdmin currentUserId={user.id} />
        <InvitationsCard inviteAction={invite} showCreditor />
      </HydrateClient>
    </div>
  );
}
