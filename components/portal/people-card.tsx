"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import type { Role } from "@/server/auth/roles";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { day } from "./format";

type Person = { id: string; name: string; email: string; role: Role; disabledAt: Date | null; createdAt: Date };

/**
 * People with their roles, as their administrator sees them: anyone's role but one's own can be
 * changed, to one of `roleNames` (offered in that order). The portal shows a creditor's people with
 * it, the back-office its agency staff.
 */
export function PeopleCard({
  title,
  description,
  emptyTitle,
  people,
  currentUserId,
  roleNames,
  pickerClassName,
}: {
  title: string;
  description: string;
  emptyTitle: string;
  people: Person[];
  currentUserId: string;
  roleNames: Partial<Record<Role, string>>;
  pickerClassName: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const changeRole = useMutation(
    trpc.users.changeRole.mutationOptions({
      onSuccess: () => {
        toast.success("Role changed");
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
      onError: (err) => toast.error("The role was not changed", { description: err.message }),
    }),
  );
  const choices = Object.entries(roleNames) as Array<[Role, string]>;
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="px-0">
        {people.length === 0 ? (
          <EmptyState size="sm" icon={<Users />} title={emptyTitle} />
        ) : (
          <Table aria-label={title}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Since</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {people.map((u) => (
                <TableRow key={u.id}>
                  <TableCell className="font-medium">
                    {u.name} {u.id === currentUserId ? <Badge variant="muted">You</Badge> : null}{" "}
                    {u.disabledAt ? <Badge variant="destructive">Disabled</Badge> : null}
                  </TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>
                    {u.id === currentUserId ? (
                      (roleNames[u.role] ?? u.role)
                    ) : (
                      <Select
                        value={u.role}
                        onValueChange={(role) => changeRole.mutate({ userId: u.id, role: role as Role })}
                        disabled={changeRole.isPending}
                      >
                        <SelectTrigger size="sm" className={pickerClassName} aria-label={`Role of ${u.name}`}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          {choices.map(([value, name]) => (
                            <SelectItem key={value} value={value}>
                              {name}
                            </SelectItem>
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
