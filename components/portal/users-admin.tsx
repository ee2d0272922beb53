"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { day } from "./format";
import { InvitationsCard } from "./invitations-card";

const ROLE_LABELS: Record<string, string> = { creditor_admin: "Administrator", creditor_member: "Member" };

/** People of the creditor and every invitation with its status; admins invite, revoke invitations and change roles here. */
export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
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
  const { users } = query.data;
  return (
    // min-w-0: a grid item may shrink to the screen; the tables scroll sideways inside their cards.
    <div className="grid min-w-0 gap-6">
      <Card className="gap-3">
        <CardHeader>
          <CardTitle>People</CardTitle>
          <CardDescription>Administrators manage people and API keys; members see placements, remittances and statements.</CardDescription>
        </CardHeader>
        <CardContent className="px-0">
          {users.length === 0 ? (
            <EmptyState size="sm" icon={<Users />} title="No people yet" />
          ) : (
            <Table aria-label="People">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Since</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {users.map((u) => (
                  <TableRow key={u.id}>
                    <TableCell className="font-medium">
                      {u.name} {u.id === currentUserId ? <Badge variant="muted">You</Badge> : null} {u.disabledAt ? <Badge variant="destructive">Disabled</Badge> : null}
                    </TableCell>
                    <TableCell>{u.email}</TableCell>
                    <TableCell>
                      {u.id === currentUserId ? (
                        ROLE_LABELS[u.role] ?? u.role
                      ) : (
                        <Select value={u.role} onValueChange={(role) => changeRole.mutate({ userId: u.id, role: role as "creditor_admin" | "creditor_member" })} disabled={changeRole.isPending}>
                          <SelectTrigger size="sm" className="w-36" aria-label={`Role of ${u.name}`}>
                            <SelectValue />
                          </SelectTrigger>
                          <SelectContent>
                            <SelectItem value="creditor_admin">Administrator</SelectItem>
                            <SelectItem value="creditor_member">Member</SelectItem>
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

      <InvitationsCard />
    </div>
  );
}

