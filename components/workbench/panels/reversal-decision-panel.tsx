"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCheck, ShieldCheck, X } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { dateTime, humanize, money } from "@/components/portal/format";
import { useTRPC } from "@/server/trpc/react";
import { ConfirmDialog } from "../confirm-dialog";
import { MoneyPreview } from "../money-preview";
import { useItemAction } from "../use-item-action";
import { EvidenceFacts } from "./evidence-facts";
import type { WorkItemPanelProps } from "./types";

const DECISIONS = [
  {
    value: "back_to_outreach",
    label: "Back to outreach",
    what: "The placement is open and collectible again; what is outstanding is chased as before.",
  },
  { value: "keep", label: "Keep as is", what: "The placement keeps its status; nothing is written." },
  {
    value: "write_off",
    label: "Write off the rest",
    what: "The outstanding balance is written off (a WRITE_OFF document) and the placement is closed uncollected. Always needs a second person.",
  },
] as const;
type Decision = (typeof DECISIONS)[number]["value"];

const APPROVERS = new Set(["finance", "admin"]);

function DecisionAction({
  item,
  decision,
}: {
  item: WorkItemPanelProps["item"];
  decision: (typeof DECISIONS)[number];
}) {
  const trpc = useTRPC();
  const { run, busy, error } = useItemAction();
  const preview = useQuery(
    trpc.workbench.previewReversal.queryOptions({ workItemId: item.id, decision: decision.value as Decision }),
  );
  const p = preview.data;
  const refused = preview.error?.message ?? null;
  return (
    <ConfirmDialog
      trigger={
        <Button variant={decision.value === "write_off" ? "destructive" : "outline"} size="sm">
          {decision.label}
        </Button>
      }
      title={decision.label}
      description={decision.what}
      preview={
        <MoneyPreview
          loading={preview.isLoading}
          error={refused}
          currency={p?.currency ?? "USD"}
          lines={
            p
              ? [
                  { label: "Placement status", text: `${humanize(p.statusBefore)} → ${humanize(p.statusAfter)}` },
                  { label: "Outstanding now", amount: p.outstandingBefore },
                  ...(p.writeOff > 0n ? [{ label: "WRITE_OFF document", amount: p.writeOff, emphasis: true }] : []),
                  { label: "Outstanding after", amount: p.outstandingAfter, emphasis: true },
                  {
                    label: "Approval",
                    text: p.needsApproval ? "Four-eyes: finance or an admin approves" : "Not needed: applies at once",
                  },
                ]
              : []
          }
        />
      }
      reasonLabel="Note (optional)"
      confirmLabel={p?.needsApproval ? "Propose for approval" : "Confirm"}
      destructive={decision.value === "write_off"}
      busy={busy}
      error={error}
      onConfirm={async (note) =>
        (await run((c) =>
          c.workbench.decideReversal.mutate({
            workItemId: item.id,
            expectedVersion: item.version,
            decision: decision.value,
            note: note || undefined,
          }),
        )) !== undefined
      }
    />
  );
}

function PendingApproval({ item, viewer }: WorkItemPanelProps) {
  const { run, busy, error } = useItemAction();
  const proposal = item.proposal ?? {};
  const decision = DECISIONS.find((d) => d.value === proposal.decision);
  const isApprover = APPROVERS.has(viewer.role) && viewer.id !== item.proposedByUserId;
  const ref = { workItemId: item.id, expectedVersion: item.version };
  return (
    <Alert variant="warning">
      <ShieldCheck aria-hidden />
      <AlertTitle>
        {decision?.label ?? humanize(String(proposal.decision))} proposed by {item.proposedByName}
        {item.proposedAt ? `, ${dateTime(item.proposedAt)}` : ""} — waiting for approval
      </AlertTitle>
      <AlertDescription>
        <p>
          {typeof proposal.note === "string" && proposal.note ? `“${proposal.note}” ` : ""}
          {viewer.id === item.proposedByUserId
            ? "You proposed this: someone else in finance or an admin must approve it."
            : isApprover
              ? "Approving applies it now."
              : "Only finance or an admin can approve it."}
        </p>
        <div className="mt-2 flex flex-wrap gap-2">
          {isApprover ? (
            <ConfirmDialog
              trigger={
                <Button size="sm">
                  <CheckCheck aria-hidden />
                  Approve
                </Button>
              }
              title={`Approve: ${decision?.label ?? "decision"}`}
              description={decision?.what}
              preview={
                proposal.writeOff && String(proposal.writeOff) !== "0" ? (
                  <MoneyPreview
                    currency={String(item.evidence.currency ?? "USD")}
                    lines={[{ label: "WRITE_OFF document", amount: BigInt(String(proposal.writeOff)), emphasis: true }]}
                  />
                ) : null
              }
              confirmLabel="Approve and apply"
              busy={busy}
              error={error}
              onConfirm={async () => (await run((c) => c.workbench.approveReversal.mutate(ref))) !== undefined}
            />
          ) : null}
          {isApprover || viewer.id === item.proposedByUserId ? (
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="outline">
                  <X aria-hidden />
                  {viewer.id === item.proposedByUserId ? "Withdraw" : "Reject"}
                </Button>
              }
              title="Reject the proposal"
              description="The item stays open for another decision."
              reasonLabel="Why?"
              reasonRequired
              confirmLabel="Reject"
              busy={busy}
              error={error}
              onConfirm={async (reason) =>
                (await run((c) => c.workItems.rejectProposal.mutate({ ...ref, reason }))) !== undefined
              }
            />
          ) : null}
        </div>
      </AlertDescription>
    </Alert>
  );
}

/** After a refund or chargeback: decide the placement's future (four-eyes for write-offs and large amounts). */
export function ReversalDecisionPanel(props: WorkItemPanelProps) {
  const { item, evidence } = props;
  const isOpen = item.status === "open" || item.status === "in_progress";
  const amount = typeof evidence.amount === "string" ? BigInt(evidence.amount) : null;
  const currency = typeof evidence.currency === "string" ? evidence.currency : "USD";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Decide the placement’s future</CardTitle>
        <CardDescription>
          {amount !== null
            ? `${money(amount, currency)} left the agency (${String(evidence.externalRef ?? "")}). `
            : ""}
          The reversal is booked; the placement keeps its status until you decide.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {isOpen && item.isPendingApproval ? <PendingApproval {...props} /> : null}
        {isOpen && !item.isPendingApproval ? (
          <div className="flex flex-wrap gap-2">
            {DECISIONS.map((d) => (
              <DecisionAction key={d.value} item={item} decision={d} />
            ))}
          </div>
        ) : null}
        {!isOpen && item.resolution ? (
          <p className="text-sm">
            Decided: <span className="font-medium">{humanize(String(item.resolution.action ?? ""))}</span>
            {item.resolution.proposedBy
              ? ` — proposed by ${String(item.resolution.proposedBy)}, approved by ${String(item.resolution.approvedBy)}`
              : ""}
          </p>
        ) : null}
        <EvidenceFacts evidence={evidence} />
      </CardContent>
    </Card>
  );
}
