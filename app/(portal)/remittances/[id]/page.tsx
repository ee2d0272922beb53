import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { Banknote, BookCheck, CreditCard, Percent, Send } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { dateTime, humanize, money, rate } from "@/components/portal/format";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Remittance" };
export const dynamic = "force-dynamic";

async function load(id: string) {
  try {
    return await (await getServerCaller()).remittances.trace({ id });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  }
}

function Facts({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[minmax(0,1fr)] gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="min-w-0 [overflow-wrap:anywhere]">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Step({
  n,
  icon,
  title,
  description,
  children,
}: {
  n: number;
  icon: React.ReactNode;
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <Card className="gap-3" aria-labelledby={`step-${n}`}>
      <CardHeader>
        <CardTitle id={`step-${n}`} className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">
          {icon}
          {n}. {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

const mono = (v: string) => <span className="font-mono text-[13px]">{v}</span>;

/** One remittance row, traced: the payment, the rate and fee, the QuickBooks payment, the disbursement. */
export default async function RemittancePage({ params }: { params: Promise<{ id: string }> }) {
  const r = await load((await params).id);
  const isReversal = r.status === "reversed";
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={<Link href="/remittances">Remittances</Link>}
        title={`Remittance · ${r.placement.invoiceNumber}`}
        description={`${isReversal ? `${humanize(r.reason ?? "reversal")} of` : "Payment from"} ${r.placement.debtorName}, ${dateTime(r.occurredAt)}: ${money(r.recovered, r.currency)} ${r.currency}.`}
        actions={
          <Badge variant={isReversal ? "destructive" : "success"} data-testid="remittance-status">
            {humanize(r.status)}
          </Badge>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Step
          n={1}
          icon={<CreditCard />}
          title={isReversal ? "The money taken back" : "The payment"}
          description={
            isReversal
              ? "A refund or chargeback of an earlier payment, as Stripe reported it."
              : "What the debtor paid, as Stripe reported it."
          }
        >
          <Facts
            rows={[
              [
                "Invoice",
                <Link key="p" href={`/placements/${r.placement.id}`} className="font-medium hover:underline">
                  {r.placement.invoiceNumber}
                </Link>,
              ],
              ...(r.payment
                ? ([
                    ["Paid by", humanize(r.payment.source)],
                    ["Payment", mono(r.payment.externalId)],
                    ...(r.payment.chargeId
                      ? ([["Charge", mono(r.payment.chargeId)]] as Array<[string, React.ReactNode]>)
                      : []),
                    ["Received", dateTime(r.payment.receivedAt)],
                    ["Amount paid", `${money(r.payment.amount, r.currency)} ${r.currency}`],
                    [
                      "Stripe payout",
                      r.payment.stripePayoutId ? mono(r.payment.stripePayoutId) : "Not yet in a Stripe payout",
                    ],
                  ] as Array<[string, React.ReactNode]>)
                : ([["Payment", "Not recorded"]] as Array<[string, React.ReactNode]>)),
              ...(r.externalRef ? ([["Reference", mono(r.externalRef)]] as Array<[string, React.ReactNode]>) : []),
              ...(r.parentRemittanceId
                ? ([
                    [
                      "Reverses",
                      <Link
                        key="parent"
                        href={`/remittances/${r.parentRemittanceId}`}
                        className="font-medium hover:underline"
                      >
                        the original remittance
                      </Link>,
                    ],
                  ] as Array<[string, React.ReactNode]>)
                : []),
            ]}
          />
        </Step>
        <Step
          n={2}
          icon={<Percent />}
          title="Rate and fee"
          description="The contingency rate in force when the payment cleared, kept on the row for good."
        >
          <Facts
            rows={[
              [
                "Collected",
                <span key="c" className="tabular-nums">
                  {money(r.recovered, r.currency)} {r.currency}
                </span>,
              ],
              ["Rate applied", rate(r.rateBps)],
              [
                "Our fee",
                <span key="f" className="tabular-nums" data-testid="trace-fee">
                  {money(r.fee, r.currency)} {r.currency}
                </span>,
              ],
              [
                "Net to you",
                <span key="n" className="font-medium tabular-nums" data-testid="trace-net">
                  {money(r.net, r.currency)} {r.currency}
                </span>,
              ],
            ]}
          />
        </Step>
        <Step
          n={3}
          icon={<BookCheck />}
          title="QuickBooks"
          description="The payment as it was written to your QuickBooks invoice."
        >
          {r.quickbooks ? (
            <Facts
              rows={[
                ["Status", humanize(r.quickbooks.status)],
                ["QuickBooks invoice", mono(r.quickbooks.qboInvoiceId)],
                ["QuickBooks payment", r.quickbooks.qboPaymentId ? mono(r.quickbooks.qboPaymentId) : "Not yet created"],
                ...(r.quickbooks.postedAt
                  ? ([["Written back", dateTime(r.quickbooks.postedAt)]] as Array<[string, React.ReactNode]>)
                  : []),
                ...(r.quickbooks.lastError
                  ? ([
                      [
                        "QuickBooks said",
                        <span key="e" className="text-destructive">
                          {r.quickbooks.lastError}
                        </span>,
                      ],
                    ] as Array<[string, React.ReactNode]>)
                  : []),
              ]}
            />
          ) : (
            <p className="text-sm text-muted-foreground">
              Not written to QuickBooks: it was not connected when this payment cleared.{" "}
              <Link href="/settings/integrations/quickbooks" className="underline">
                QuickBooks settings
              </Link>
            </p>
          )}
        </Step>
        <Step
          n={4}
          icon={isReversal ? <Banknote /> : <Send />}
          title="Paid out to you"
          description="The disbursement that carried this row's net to your account."
        >
          {r.disbursement ? (
            <Facts
              rows={[
                ["Status", humanize(r.disbursement.status)],
                ["Method", r.disbursement.method ? humanize(r.disbursement.method) : "—"],
                ["Reference", r.disbursement.reference ? mono(r.disbursement.reference) : "—"],
                ["Disbursement total", `${money(r.disbursement.amount, r.currency)} ${r.currency}`],
                ["Sent", r.disbursement.paidAt ? dateTime(r.disbursement.paidAt) : "Not yet"],
              ]}
            />
          ) : (
            <p className="text-sm text-muted-foreground" data-testid="trace-not-paid-out">
              Not yet paid out: it goes in the next disbursement run.{" "}
              <Link href="/payouts" className="underline">
                Payouts
              </Link>
            </p>
          )}
        </Step>
      </div>
    </div>
  );
}
