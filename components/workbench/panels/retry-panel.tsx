"use client";

import { useState } from "react";
import { RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { humanize } from "@/components/portal/format";
import { useItemAction } from "../use-item-action";
import { EvidenceFacts } from "./evidence-facts";
import type { WorkItemPanelProps } from "./types";

/**
 * A failed writeback (QuickBooks payment or journal entry) or a failed Stripe event: retry it from
 * here; when it went through (or was fixed elsewhere), mark the item resolved with a note.
 */
export function RetryPanel({ item, evidence }: WorkItemPanelProps) {
  const { run, busy, error } = useItemAction();
  const isOpen = item.status === "open" || item.status === "in_progress";
  const [note, setNote] = useState<string | null>(null);
  async function retry() {
    const r = await run((c) => c.workbench.retry.mutate({ workItemId: item.id }));
    if (r) setNote(r.queued ? `Queued again (it was ${humanize(r.status)}).` : `Now ${humanize(r.status)}.`);
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>{humanize(item.kind)}</CardTitle>
        <CardDescription>
          Retrying queues it again (a writeback goes out with the next post; a Stripe event is re-applied now). The item
          stays open: once it went through, or was fixed outside Clearbook, close it with a note.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {isOpen ? (
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" loading={busy} onClick={() => void retry()}>
              <RotateCw aria-hidden />
              Retry now
            </Button>
            {note ? (
              <span role="status" className="text-xs text-muted-foreground">
                {note}
              </span>
            ) : null}
            {error ? (
              <span role="alert" className="text-xs text-destructive">
                {error}
              </span>
            ) : null}
          </div>
        ) : null}
        <EvidenceFacts evidence={evidence} />
      </CardContent>
    </Card>
  );
}
