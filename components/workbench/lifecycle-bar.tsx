"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { RotateCcw, UserMinus, UserPlus, UserCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/server/trpc/react";
import { ConfirmDialog } from "./confirm-dialog";
import { useItemAction } from "./use-item-action";

/** Kinds whose cause can be fixed outside Clearbook (in QuickBooks, Stripe, the bank), closed with a note. */
const OUTSIDE_KINDS = new Set([
  "writeback_failed",
  "drift",
  "stripe_event_failed",
  "transfer_failed",
  "payout_failed",
  "statement_tie_out",
  "bank_line_unmatched",
  "bank_match_ambiguous",
  "unmatched_transfer",
]);

type Item = { id: string; kind: string; status: string; version: number; ownerUserId: string | null };

/** Owner and lifecycle actions of one item: assign to me / someone, unassign, dismiss, resolved outside, reopen. */
export function LifecycleBar({ item, viewerId }: { item: Item; viewerId: string }) {
  const trpc = useTRPC();
  const assignees = useQuery(trpc.workItems.assignees.queryOptions());
  const { run, busy, error } = useItemAction();
  const ref = { workItemId: item.id, expectedVersion: item.version };
  const isOpen = item.status === "open" || item.status === "in_progress";
  const done = async (p: Promise<unknown>) => (await p) !== undefined;

  if (!isOpen)
    return (
      <div className="flex flex-wrap items-center gap-2">
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="outline">
              <RotateCcw aria-hidden />
              Reopen
            </Button>
          }
          title="Reopen this item"
          description="It goes back to the queue; what was done stays in its history. Reopens are counted on the scorecard."
          reasonLabel="Why is it reopened?"
          reasonRequired
          confirmLabel="Reopen"
          busy={busy}
          error={error}
          onConfirm={(reason) => done(run((c) => c.workItems.reopen.mutate({ ...ref, reason })))}
        />
      </div>
    );
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {item.ownerUserId !== viewerId ? (
          <Button size="sm" loading={busy} onClick={() => void run((c) => c.workItems.start.mutate(ref))}>
            <UserCheck aria-hidden />
            Assign to me
          </Button>
        ) : null}
        <Select
          value=""
          onValueChange={(ownerUserId) => void run((c) => c.workItems.assign.mutate({ ...ref, ownerUserId }))}
        >
          <SelectTrigger size="sm" aria-label="Assign to someone" className="w-44">
            <UserPlus aria-hidden />
            <SelectValue placeholder="Assign to…" />
          </SelectTrigger>
          <SelectContent>
            {(assignees.data ?? []).map((u) => (
              <SelectItem key={u.id} value={u.id}>
                {u.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {item.ownerUserId ? (
          <Button
            size="sm"
            variant="outline"
            loading={busy}
            onClick={() => void run((c) => c.workItems.unassign.mutate(ref))}
          >
            <UserMinus aria-hidden />
            Unassign
          </Button>
        ) : null}
        {OUTSIDE_KINDS.has(item.kind) ? (
          <ConfirmDialog
            trigger={
              <Button size="sm" variant="outline">
                Resolved outside Clearbook
              </Button>
            }
            title="Resolved outside Clearbook"
            description="Nothing is written to the books here; say what was done and where (QuickBooks, Stripe, the bank)."
            reasonLabel="What was done"
            reasonRequired
            confirmLabel="Mark resolved"
            busy={busy}
            error={error}
            onConfirm={(reason) =>
              done(run((c) => c.workItems.close.mutate({ ...ref, outcome: "resolved_outside", reason })))
            }
          />
        ) : null}
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="ghost">
              Dismiss
            </Button>
          }
          title="Dismiss this item"
          description="Nothing is written to the books. It can be reopened later."
          reasonLabel="Why is it dismissed?"
          reasonRequired
          destructive
          confirmLabel="Dismiss"
          busy={busy}
          error={error}
          onConfirm={(reason) => done(run((c) => c.workItems.close.mutate({ ...ref, outcome: "dismissed", reason })))}
        />
      </div>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
