"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MailPlus } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import type { Role } from "@/server/auth/roles";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { CREDITOR_ROLE_OPTIONS, type RoleOption } from "./creditor-roles";
import { InviteMailFailed } from "./invite-mail-failed";

/**
 * Invite someone: the one-time link is mailed (or logged when no mail server is configured). When the
 * mail fails the invitation still stands, and the dialog shows the link to copy.
 * `scope` is who invites: a creditor's administrator (a colleague into their own creditor), or an agency
 * admin (agency staff, or `creditor`'s people, e.g. its first administrator). `roles` are offered in
 * order, the first preselected.
 */
export function InviteDialog({
  scope,
  roles = CREDITOR_ROLE_OPTIONS,
  creditor,
  triggerLabel = "Invite someone",
}: {
  scope: "creditor" | "agency";
  roles?: readonly RoleOption[];
  creditor?: { id: string; name: string };
  triggerLabel?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const [role, setRole] = React.useState<Role>(roles[0]!.value);
  const [mailFailed, setMailFailed] = React.useState<{ email: string; link: string; reason: string } | null>(null);
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      onSuccess: (inv) => {
        if (scope === "agency") {
          // The back-office shows invitations on the People page and on each creditor's page too.
          void queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.backoffice.creditor.pathKey() });
        }
        void queryClient.invalidateQueries({ queryKey: trpc.invitations.list.pathKey() });
        if (inv.delivery.status === "failed")
          return setMailFailed({ email: inv.email, link: inv.delivery.link, reason: inv.delivery.reason });
        if (inv.delivery.status === "emailed") toast.success(`Invitation emailed to ${inv.email}`);
        else
          toast.success(`Invitation created for ${inv.email}`, {
            description: "No mail server is configured here: the link is in the server log.",
          });
        setOpen(false);
      },
    }),
  );
  const close = () => {
    setOpen(false);
    setMailFailed(null);
    invite.reset();
  };
  const fieldErrors = (invite.error?.data as { zodIssues?: Array<{ path: string[]; message: string }> } | undefined)
    ?.zodIssues;
  const errorOf = (field: string) => fieldErrors?.filter((i) => i.path[0] === field).map((i) => i.message);
  const title =
    scope === "creditor" ? "Invite someone" : creditor ? `Invite someone to ${creditor.name}` : "Invite agency staff";
  return (
    <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button size="sm" variant={scope === "agency" ? "outline" : "default"}>
          <MailPlus aria-hidden />
          {triggerLabel}
        </Button>
      </DialogTrigger>
      <DialogContent>
        {mailFailed ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Invitation created</DialogTitle>
              <DialogDescription>
                The email did not go out. The link below is the only copy you will see.
              </DialogDescription>
            </DialogHeader>
            <InviteMailFailed {...mailFailed} />
            <DialogFooter>
              <Button type="button" onClick={close}>
                Done
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              invite.mutate({
                email: String(form.get("email") ?? ""),
                name: String(form.get("name") ?? ""),
                role,
                creditorId: creditor?.id,
              });
            }}
          >
            <DialogHeader>
              <DialogTitle>{title}</DialogTitle>
              <DialogDescription>
                They get a one-time link to set their password. It expires after 72 hours.
              </DialogDescription>
            </DialogHeader>
            <FormField label="Name" required error={errorOf("name")}>
              <Input name="name" autoComplete="off" required maxLength={200} />
            </FormField>
            <FormField label="Email" required error={errorOf("email")}>
              <Input name="email" type="email" autoComplete="off" required maxLength={320} />
            </FormField>
            <FormField label="Role">
              {(p) => (
                <Select value={role} onValueChange={(v) => setRole(v as Role)}>
                  <SelectTrigger {...p} className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {roles.map((r) => (
                      <SelectItem key={r.value} value={r.value}>
                        {r.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            {invite.error && !fieldErrors ? (
              <p role="alert" className="text-[13px] text-destructive">
                {invite.error.message}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="submit" disabled={invite.isPending}>
                {invite.isPending ? "Sending…" : "Send invitation"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
