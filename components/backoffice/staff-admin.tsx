"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { isStaffRole, type StaffRole } from "@/server/auth/roles";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { day } from "@/components/portal/format";
import { STAFF_ROLE_NAMES, STAFF_ROLE_OPTIONS } from "./staff-roles";

/** Agency staff with their roles; an agency admin changes anyone's role but their own. Creditors' people are on each creditor's page. */
export function StaffAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.users.list.queryOptions());
  const changeRole = useMutation(
    trpc.users.changeRole.mutationOptions({
      onSuccess: () => {
        toast.success("Role changed");
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
      onError: (err) => toast.error("The role was not changed", { description: err.message }),
    }),
  );
  if (query.isPending) return <Skeleton className="h-64 rounded-lg" />;
  if (query.error) return <ErrorState title="People could not be loaded" description={query.error.message} onRetry={() => void query.refetch()} />;
  const staff = query.data.users.filter((u) => isStaffRole(u.role));
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>Agency staff</CardTitle>
        <CardDescription>Role changes take effect on each person&apos;s next request.</CardDescription>
      </CardHeader>
      <CardContent className="px-0">
        {staff.length === 0 ? (
          <EmptyState size="sm" icon={<Users />} title="No agency staff yet" />
        ) : (
          <Table aria-label="Agency staff">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Since</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {staff.map((u) => (
                <TableRow key={u.id}>
                  <TableCell className="font-medium">
                    {u.name} {u.id === currentUserId ? <Badge variant="muted">You</Badge> : null} {u.disabledAt ? <Badge variant="destructive">Disabled</Badge> : null}
                  </TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>
                    {u.id === currentUserId ? (
                      STAFF_ROLE_NAMES[u.role as StaffRole]
                    ) : (
                      <Select value={u.role} onValueChange={(role) => changeRole.mutate({ userId: u.id, role: role as StaffRole })} disabled={changeRole.isPending}>
                        <SelectTrigger size="sm" className="w-40" aria-label={`Role of ${u.name}`}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          {STAFF_ROLE_OPTIONS.map((r) => (
                            <SelectItem key={r.value} value={r.value}>{STAFF_ROLE_NAMES[r.value]}</SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground">{day(u.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
