"use client";

import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { makeTRPCClient } from "@/server/trpc/react";
import { StatementSummary } from "./statement-summary";
import { TieOutResultView, type TieOut } from "./tie-out-result";
import type { StatementSection } from "@/server/domain/statement-snapshot";

type Preview = { number: string; version: number; sections: StatementSection[]; tieOut: TieOut; lineCount: number };

/**
 * Finance's actions on one creditor's month: preview (generate without issuing, tie-out shown),
 * issue, and re-issue as the next version with the reason the creditor will read.
 */
export function MonthRunActions({
  creditorId,
  creditorName,
  period,
  issuedVersion,
  canIssue,
}: {
  creditorId: string;
  creditorName: string;
  period: string;
  issuedVersion: number | null;
  canIssue: boolean;
}) {
  const [client] = useState(makeTRPCClient);
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [reissueOpen, setReissueOpen] = useState(false);
  const [reason, setReason] = useState("");

  async function act(name: string, fn: () => Promise<unknown>) {
    setBusy(name);
    setError(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          size="sm"
          variant="outline"
          loading={busy === "preview"}
          onClick={() =>
            void act("preview", async () => setPreview(await client.statements.preview.mutate({ creditorId, period })))
          }
        >
          Preview
        </Button>
        {issuedVersion === null ? (
          <Button
            size="sm"
            disabled={!canIssue}
            loading={busy === "issue"}
            onClick={() => void act("issue", () => client.statements.issue.mutate({ creditorId, period }))}
          >
            Issue
          </Button>
        ) : (
          <Button size="sm" variant="outline" onClick={() => setReissueOpen(true)}>
            Re-issue
          </Button>
        )}
      </div>
      {error ? (
        <span role="alert" className="max-w-xs text-right text-xs text-destructive">
          {error}
        </span>
      ) : null}

      <Dialog open={preview !== null} onOpenChange={(open) => !open && setPreview(null)}>
        <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-3xl">
          <DialogHeader>
            <DialogTitle>
              Preview · {preview?.number} v{preview?.version}
            </DialogTitle>
            <DialogDescription>
              {creditorName}, as it would be issued now ({preview?.lineCount ?? 0} line(s)). Nothing is issued or
              booked.
            </DialogDescription>
          </DialogHeader>
          {preview ? (
            <div className="grid gap-4">
              <TieOutResultView tieOut={preview.tieOut} />
              <StatementSummary sections={preview.sections} />
            </div>
          ) : null}
        </DialogContent>
      </Dialog>

      <Dialog open={reissueOpen} onOpenChange={setReissueOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>
              Re-issue {period} as version {(issuedVersion ?? 0) + 1}
            </DialogTitle>
            <DialogDescription>
              The month keeps its booked entries (a closed month never changes); the new version shows corrected
              descriptions and what changed. {creditorName}&apos;s admins are emailed with your reason.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor={`reason-${creditorId}`}>Reason (shown to the creditor)</Label>
            <Textarea
              id={`reason-${creditorId}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. Debtor name corrected on two lines"
            />
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => setReissueOpen(false)}>
              Cancel
            </Button>
            <Button
              disabled={reason.trim().length < 3}
              loading={busy === "reissue"}
              onClick={() =>
                void act("reissue", async () => {
                  await client.statements.reissue.mutate({
                    creditorId,
                    period,
                    reason,
                    version: (issuedVersion ?? 0) + 1,
                  });
                  setReissueOpen(false);
                  setReason("");
                })
              }
            >
              Re-issue
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
