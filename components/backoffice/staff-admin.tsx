"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { isStaffRole } from "@/server/auth/roles";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { PeopleCard } from "@/components/portal/people-card";
import { STAFF_ROLE_NAMES } from "./staff-roles";

/** Agency staff with their roles; an agency admin changes anyone's role but their own. Creditors' people are on each creditor's page. */
export function StaffAdmin({ currentUserId }: { currentUserId: string }) {
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
    <PeopleCard
      title="Agency staff"
      description="Role changes take effect on each person's next request."
      emptyTitle="No agency staff yet"
      people={query.data.users.filter((u) => isStaffRole(u.role))}
      currentUserId={currentUserId}
      roleNames={STAFF_ROLE_NAMES}
      pickerClassName="w-40"
    />
  );
}
