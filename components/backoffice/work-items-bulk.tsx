"use client";

import { useQuery } from "@tanstack/react-query";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/server/trpc/react";
import { useItemAction } from "@/components/workbench/use-item-action";

const UNASSIGN = "__unassign";

/** Assign (or unassign) every selected item at once; closed ones are skipped and said so. */
export function BulkAssign({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const assignees = useQuery(trpc.workItems.assignees.queryOptions());
  const { run, busy, error } = useItemAction();
  async function assign(value: string) {
    const r = await run((c) =>
      c.workItems.bulkAssign.mutate({ workItemIds: ids, ownerUserId: value === UNASSIGN ? null : value }),
    );
    if (r) {
      toast.success(
        `${r.assigned} item${r.assigned === 1 ? "" : "s"} ${value === UNASSIGN ? "unassigned" : "assigned"}${r.skipped ? `, ${r.skipped} skipped (closed)` : ""}`,
      );
      onDone();
    }
  }
  return (
    <div className="flex items-center gap-2">
      <Select value="" onValueChange={(v) => void assign(v)} disabled={busy}>
        <SelectTrigger size="sm" aria-label={`Assign ${ids.length} selected`} className="w-52">
          <SelectValue placeholder={`Assign ${ids.length} selected to…`} />
        </SelectTrigger>
        <SelectContent>
          {(assignees.data ?? []).map((u) => (
            <SelectItem key={u.id} value={u.id}>
              {u.name}
            </SelectItem>
          ))}
          <SelectItem value={UNASSIGN}>Unassign</SelectItem>
        </SelectContent>
      </Select>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </div>
  );
}
