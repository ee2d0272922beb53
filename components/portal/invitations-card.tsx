"use client";

import * as React from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MailPlus } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { isCreditorRole } from "@/server/auth/roles";
import type { InvitationStatus } from "@/server/services/identity/invitation-admin";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { KeysetPagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { CREDITOR_ROLE_NAMES } from "./creditor-roles";
import { dateTime, day, humanize } from "./format";
import { InviteDialog } from "./invite-dialog";
import { invitationsInput } from "./invitations-input";

const STATUS: Record<InvitationStatus, { label: string; variant: "info" | "success" | "muted" | "destructive" }> = {
  pending: { label: "Pending", variant: "info" },
  accepted: { label: "Accepted", variant: "success" },
  expired: { label: "Expired", variant: "muted" },
  revoked: { label: "Revoked", variant: "destructive" },
};

type Row = { status: InvitationStatus; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null };

/** When the status took effect (or, for a pending one, until when the link works). */
function statusDetail(i: Row): string {
  if (i.status === "accepted" && i.acceptedAt) return day(i.acceptedAt);
  if (i.status === "revoked" && i.revokedAt) return day(i.revokedAt);
  if (i.status === "expired") return day(i.expiresAt);
  return `until ${dateTime(i.expiresAt)}`;
}

/**
 * Every invitation with its status, newest first; a pending one can be revoked so its link stops working.
 * The back-office passes its own invite button and shows whose invitation each is (`showCreditor`).
 */
export function InvitationsCard({
  inviteAction = <InviteDialog scope="creditor" />,
  showCreditor = false,
}: {
  inviteAction?: React.ReactNode;
  showCreditor?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursors, setCursors] = React.useState<string[]>([]);
  const query = useQuery({
    ...trpc.invitations.list.queryOptions(invitationsInput(cursors.at(-1))),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: (inv) => {
        toast.success(`Invitation to ${inv.email} revoked`, { description: "Its link no longer works." });
        void queryClient.invalidateQueries({ queryKey: trpc.invitations.list.pathKey() });
      },
      onError: (err) => toast.error("The invitation was not revoked", { description: err.message }),
    }),
  );
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>Invitations</CardTitle>
        <CardDescription>
          Each link works once and expires after 72 hours. Revoke a pending one to stop its link at once.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 px-0">
        {query.isPending ? (
          <Skeleton className="mx-4 h-32 rounded-lg" />
        ) : query.error ? (
          <ErrorState
            title="Invitations could not be loaded"
            description={query.error.message}
            onRetry={() => void query.refetch()}
          />
        ) : query.data.items.length === 0 ? (
          <EmptyState
            size="sm"
            icon={<MailPlus />}
            title="No invitations yet"
            description="Invite a colleague to give them their own sign-in."
            action={inviteAction}
          />
        ) : (
          <>
            <Table aria-label="Invitations" aria-busy={query.isPlaceholderData || undefined}>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  {showCreditor ? <TableHead>Creditor</TableHead> : null}
                  <TableHead>Status</TableHead>
                  <TableHead>Sent</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {query.data.items.map((i) => (
                  <TableRow key={i.id} data-testid="invitation-row" data-status={i.status}>
                    <TableCell className="whitespace-nowrap font-medium">{i.name}</TableCell>
                    <TableCell className="whitespace-nowrap">{i.email}</TableCell>
                    <TableCell>{isCreditorRole(i.role) ? CREDITOR_ROLE_NAMES[i.role] : humanize(i.role)}</TableCell>
                    {showCreditor ? (
                      <TableCell className="whitespace-nowrap">
                        {i.creditorName ?? <span className="text-muted-foreground">Agency staff</span>}
                      </TableCell>
                    ) : null}
                    <TableCell>
                      <div className="flex flex-col items-start gap-0.5">
                        <Badge variant={STATUS[i.status].variant} dot>
                          {STATUS[i.status].label}
                        </Badge>
                        <span className="whitespace-nowrap text-xs text-muted-foreground">{statusDetail(i)}</span>
                      </div>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-[13px] text-muted-foreground">
                      {day(i.createdAt)}
                      {i.invitedByName ? ` by ${i.invitedByName}` : ""}
                    </TableCell>
                    <TableCell className="text-right">
                      {i.status === "pending" ? (
                        <AlertDialog>
                          <AlertDialogTrigger asChild>
                            <Button size="sm" variant="outline" disabled={revoke.isPending}>
                              Revoke
                            </Button>
                          </AlertDialogTrigger>
                          <AlertDialogContent>
                            <AlertDialogHeader>
                              <AlertDialogTitle>Revoke the invitation to {i.email}?</AlertDialogTitle>
                              <AlertDialogDescription>
                                Its link stops working at once. You can invite {i.name} again later.
                              </AlertDialogDescription>
                            </AlertDialogHeader>
                            <AlertDialogFooter>
                              <AlertDialogCancel>Keep it</AlertDialogCancel>
                              <AlertDialogAction variant="destructive" onClick={() => revoke.mutate({ id: i.id })}>
                                Revoke invitation
                              </AlertDialogAction>
                            </AlertDialogFooter>
                          </AlertDialogContent>
                        </AlertDialog>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {cursors.length > 0 || query.data.nextCursor ? (
              <KeysetPagination
                className="px-4"
                hasPrevPage={cursors.length > 0}
                hasNextPage={Boolean(query.data.nextCursor)}
                onPrev={() => setCursors((c) => c.slice(0, -1))}
                onNext={() => query.data.nextCursor && setCursors((c) => [...c, query.data.nextCursor!])}
                disabled={query.isFetching}
                summary={`Page ${cursors.length + 1}`}
              />
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
