import { Badge } from "@/components/ui/badge";
import { humanize } from "./format";

type Variant = "success" | "warning" | "destructive" | "muted" | "info" | "secondary" | "outline";

const TONES: Record<string, Variant> = {
  // placements
  open: "info",
  paid: "success",
  closed_uncollected: "muted",
  reversed_decision_pending: "warning",
  reversed_kept: "warning",
  recalled: "muted",
  // remittances
  cleared: "success",
  reversed: "destructive",
  reinstated: "info",
  // payments
  pending: "muted",
  succeeded: "success",
  failed: "destructive",
  partially_reversed: "warning",
  unmatched: "warning",
  // installments
  scheduled: "muted",
  missed: "destructive",
  // work items
  in_progress: "info",
  resolved: "success",
  // Stripe webhook inbox
  processed: "success",
  parked: "warning",
  ignored: "muted",
  received: "info",
  // disbursements, runs and cash truth
  draft: "muted",
  proposed: "warning",
  approved: "info",
  sent: "info",
  bank_confirmed: "success",
  cancelled: "muted",
  rejected: "muted",
  matched: "warning",
  settled: "info",
};

const LABELS: Record<string, string> = {
  closed_uncollected: "Closed, uncollected",
  reversed_decision_pending: "Reversed — decision pending",
  reversed_kept: "Reversed — kept as is",
  in_progress: "In progress",
  bank_confirmed: "Bank-confirmed",
};

/** One status word with its colour, the same everywhere (placements, remittances, payments, work items, Stripe events). */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge variant={TONES[status] ?? "outline"} dot className={className}>
      {LABELS[status] ?? humanize(status)}
    </Badge>
  );
}
