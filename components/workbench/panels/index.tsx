import type { ComponentType } from "react";
import type { WorkItemKindName } from "@/server/domain/work-items";
import { CreditPanel } from "./credit-panel";
import { DirectPaymentPanel } from "./direct-payment-panel";
import { DuplicatePanel } from "./duplicate-panel";
import { GenericPanel } from "./generic-panel";
import { PaymentMatchPanel } from "./payment-match-panel";
import { RetryPanel } from "./retry-panel";
import { ReversalDecisionPanel } from "./reversal-decision-panel";
import type { WorkItemPanelProps } from "./types";

/**
 * Work item kind → the panel its page shows (what happened, evidence, the actions with their money
 * preview). One line per kind; a kind without its own panel gets the generic one (evidence and the
 * lifecycle actions only). Each panel is its own file in this folder.
 */
const PANELS: Partial<Record<WorkItemKindName, ComponentType<WorkItemPanelProps>>> = {
  unmatched_payment: PaymentMatchPanel,
  ambiguous_payment: PaymentMatchPanel,
  overpayment: CreditPanel,
  possible_duplicate: DuplicatePanel,
  reversal_decision: ReversalDecisionPanel,
  direct_payment_candidate: DirectPaymentPanel,
  writeback_failed: RetryPanel,
  stripe_event_failed: RetryPanel,
};

/** The panel of the item's kind, from the registry (the generic one when the kind has none). */
export function WorkItemPanel(props: WorkItemPanelProps) {
  const Panel = PANELS[props.item.kind] ?? GenericPanel;
  return <Panel {...props} />;
}

export type { WorkItemPanelProps };
