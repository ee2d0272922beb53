import Link from "next/link";
import {
  Banknote,
  Landmark,
  CalendarClock,
  CircleAlert,
  FileText,
  History,
  Inbox,
  ReceiptText,
  Send,
  Undo2,
  WalletCards,
} from "lucide-react";
import type { PlacementTimelineItem } from "@/server/services/queries/placement-page";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { dateTime, day, humanize, money, rate, shortId } from "./format";
import { StatusBadge } from "./status-badge";

/** A placement's story, oldest first. Each event is an anchor, so a reversal can link to its parent. */
export function Timeline({ events }: { events: PlacementTimelineItem[] }) {
  return (
    <ol className="relative grid gap-0" aria-label="Timeline">
      {events.map((e, i) => (
        <li
          key={`${e.kind}-${e.id}`}
          id={`ev-${e.id}`}
          data-kind={e.kind}
          className="relative grid grid-cols-[2rem_minmax(0,1fr)] gap-3 pb-5 target:[&>div:last-child]:ring-2 target:[&>div:last-child]:ring-ring/50"
        >
          {i < events.length - 1 ? (
            <span aria-hidden className="absolute top-8 bottom-0 left-4 w-px -translate-x-1/2 bg-border" />
          ) : null}
          <span
            aria-hidden
            className={cn(
              "z-[1] flex size-8 items-center justify-center rounded-full border bg-card [&_svg]:size-4",
              TONE[e.kind],
            )}
          >
            {ICON[e.kind]}
          </span>
          <div className="min-w-0 rounded-lg border bg-card px-3.5 py-2.5 shadow-xs">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
              <p className="text-sm font-medium">{title(e)}</p>
              <time dateTime={e.at.toISOString()} className="text-xs whitespace-nowrap text-muted-foreground tabular">
                {dateTime(e.at)}
              </time>
            </div>
            <div className="mt-1 text-[13px] text-muted-foreground">
              <Body event={e} />
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}

const ICON: Record<PlacementTimelineItem["kind"], React.ReactNode> = {
  placed: <FileText />,
  plan: <CalendarClock />,
  payment: <Banknote />,
  remittance: <ReceiptText />,
  credit: <WalletCards />,
  document: <FileText />,
  audit: <History />,
  work_item: <Inbox />,
  cash: <Landmark />,
  paid_out: <Send />,
};

const TONE: Record<PlacementTimelineItem["kind"], string> = {
  placed: "text-primary",
  plan: "text-info",
  payment: "text-success",
  remittance: "text-success",
  credit: "text-warning",
  document: "text-muted-foreground",
  audit: "text-muted-foreground",
  work_item: "text-warning",
  cash: "text-success",
  paid_out: "text-success",
};

const AUDIT_TITLES: Record<string, string> = {
  "qbo.writeback.posted": "Written back to QuickBooks",
  "qbo.writeback.synced": "QuickBooks payment updated after a reversal",
  "placement.closed_uncollected": "Closed: not collected",
  "placement.recalled": "Recalled by you",
  "placement.paid": "Paid in full",
};

function title(e: PlacementTimelineItem): string {
  switch (e.kind) {
    case "placed":
      return "Placed for collection";
    case "plan":
      return `Installment plan agreed (${e.installments.length} installments)`;
    case "payment":
      return `Payment received via ${e.source === "stripe" ? "Stripe" : humanize(e.source).toLowerCase()}`;
    case "remittance":
      return e.status === "cleared"
        ? "Payment applied: our fee and your net"
        : e.status === "reversed"
          ? e.reason === "chargeback"
            ? "Charged back by the debtor's bank"
            : e.reason === "refund"
              ? "Refunded to the debtor"
              : `Reversal: ${humanize(e.reason ?? "reversal").toLowerCase()}`
          : "Chargeback won back (reinstated)";
    case "credit":
      return "Overpayment held as customer credit";
    case "document":
      return `Accounting document ${e.type}`;
    case "audit":
      return AUDIT_TITLES[e.action] ?? humanize(e.action);
    case "paid_out":
      return "Paid out to you";
    case "work_item":
      return `Work item: ${e.title}`;
    case "cash":
      return e.state === "bank_confirmed"
        ? "Bank-confirmed: the payout is on the bank statement"
        : "Settled in a Stripe payout";
  }
}

function Amount({ minor, currency, strong }: { minor: bigint; currency: string; strong?: boolean }) {
  return (
    <span
      className={cn(
        "tabular",
        strong ? "font-medium text-foreground" : "text-foreground/90",
        minor < 0n && "text-destructive",
      )}
    >
      {money(minor, currency)}
    </span>
  );
}

function Body({ event: e }: { event: PlacementTimelineItem }) {
  switch (e.kind) {
    case "placed":
      return (
        <>
          Invoice <span className="font-medium text-foreground">{e.invoiceNumber}</span> for{" "}
          <Amount minor={e.amount} currency={e.currency} strong />
        </>
      );
    case "plan":
      return (
        <ul className="mt-1 grid gap-0.5">
          {e.installments.map((i) => (
            <li key={i.seq} className="flex flex-wrap items-center gap-2">
              <span className="w-6 tabular">#{i.seq}</span>
              <span className="w-28">{day(i.dueDate)}</span>
              <Amount minor={i.amount} currency={e.currency} />
              <StatusBadge status={i.status} />
            </li>
          ))}
        </ul>
      );
    case "payment":
      return (
        <span className="flex flex-wrap items-center gap-2">
          <Amount minor={e.amount} currency={e.currency} strong />
          <StatusBadge status={e.status} />
          <span className="font-mono text-xs">{e.externalId}</span>
        </span>
      );
    case "remittance":
      return (
        <div className="grid gap-1">
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>
              Recovered <Amount minor={e.recovered} currency={e.currency} strong />
            </span>
            <span>
              Fee <Amount minor={e.fee} currency={e.currency} /> at {rate(e.rateBps)}
            </span>
            <span>
              Net remit <Amount minor={e.net} currency={e.currency} strong />
            </span>
            <StatusBadge status={e.status} />
          </span>
          {e.parentId ? (
            <span className="flex items-center gap-1 text-xs">
              <Undo2 className="size-3" aria-hidden />
              Parent row{" "}
              <a href={`#ev-${e.parentId}`} className="font-mono text-primary hover:underline">
                {shortId(e.parentId)}
              </a>
              {e.parentAt ? ` of ${dateTime(e.parentAt)}` : ""}; the parent itself is never changed.
            </span>
          ) : null}
          <span className="font-mono text-[11px]">row {shortId(e.id)}</span>
        </div>
      );
    case "credit":
      return (
        <span className="flex flex-wrap items-center gap-2">
          <Amount minor={e.amount} currency={e.currency} strong /> owed back to the debtor or applied later, never fee
          <Badge variant="outline">{humanize(e.status)}</Badge>
        </span>
      );
    case "document":
      return (
        <div className="grid gap-1">
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs text-foreground">{e.number}</span>
            <Amount minor={e.amount} currency={e.currency} strong />
            <span>value date {day(e.valueDate)}</span>
          </span>
          {e.originalType ? (
            <span className="text-xs">
              Cancels {e.originalType} {e.originalNumber}
            </span>
          ) : null}
          {e.lines.length ? (
            <span className="text-xs">
              {e.lines.map((l, i) => (
                <span key={i} className="mr-3">
                  {humanize(l.allocateTo)} <Amount minor={l.amount} currency={e.currency} />
                </span>
              ))}
            </span>
          ) : null}
        </div>
      );
    case "audit":
      return (
        <span className="flex flex-wrap items-center gap-2">
          by {e.actorLabel ?? humanize(e.actorType)}
          <Badge variant="muted">{e.category}</Badge>
        </span>
      );
    case "work_item":
      return (
        <span className="flex flex-wrap items-center gap-2">
          <CircleAlert className="size-3.5 text-warning" aria-hidden />
          {e.nextAction}
          <StatusBadge status={e.status} />
        </span>
      );
    case "cash":
      return (
        <span className="flex flex-wrap items-center gap-2" data-cash-state={e.state}>
          <Badge variant={e.state === "bank_confirmed" ? "success" : "outline"}>{humanize(e.state)}</Badge>
          payment <span className="font-mono text-xs">{e.externalId}</span> in payout{" "}
          <span className="font-mono text-xs">{e.payoutId}</span>
          {e.bankDate ? <>, on the bank statement of {day(e.bankDate)}</> : null}
        </span>
      );
    case "paid_out":
      return (
        <span className="flex flex-wrap items-center gap-2">
          <Amount minor={e.amount} currency={e.currency} strong /> {e.currency}
          {e.method ? <> by {e.method === "stripe_transfer" ? "Stripe transfer" : humanize(e.method)}</> : null}
          {e.reference ? <span className="font-mono text-xs">{e.reference}</span> : null}
          <Link href={`/remittances/${e.remittanceId}`} className="text-primary hover:underline">
            Trace this remittance
          </Link>
        </span>
      );
  }
}
