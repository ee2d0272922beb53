"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { CREDITOR_ROLE_NAMES } from "./creditor-roles";
import { InvitationsCard } from "./invitations-card";
import { PeopleCard } from "./people-card";

/** People of the creditor and every invitation with its status; admins invite, revoke invitations and change roles here. */
export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.users.list.queryOptions());
  if (query.isPending) return <Skeleton className="h-64 rounded-lg" />;
  if (query.error)
    return (
      <ErrorState
        title="People could not be loaded"
        description={query.error.message}
        onRetry={() => void query.refetch()}
      />
    );
  return (
    // min-w-0: a grid item may shrink to the screen; the tables scroll sideways inside their cards.
    <div className="grid min-w-0 gap-6">
      <PeopleCard
        title="People"
        description="Administrators manage people and API keys; members see placements, remittances and statements."
        emptyTitle="No people yet"
        people={query.data.users}
        currentUserId={currentUserId}
        roleNames={CREDITOR_ROLE_NAMES}
        pickerClassName="w-36"
      />
      <InvitationsCard />
    </div>
  );
}
