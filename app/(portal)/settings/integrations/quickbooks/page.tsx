import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, ArrowRight, CircleAlert, CircleCheck, Plug, RefreshCw } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { dateTime } from "@/components/portal/format";
import { getSession } from "@/server/auth/session";
import { getServerCaller } from "@/server/trpc/server";
import { QboJournalSettings } from "@/components/portal/qbo-journal";
import { DisconnectButton } from "./disconnect-button";

export const metadata: Metadata = { title: "QuickBooks Online" };

const STATE = {
  connected: { label: "Connected", variant: "success" },
  needs_reconnect: { label: "Needs reconnecting", variant: "warning" },
  disconnected: { label: "Disconnected", variant: "muted" },
} as const;

/** Settings → Integrations → QuickBooks: connection state, company, last sync; connect, reconnect, disconnect. */
export default async function QuickBooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [user, params] = await Promise.all([getSession(), searchParams]);
  const isAdmin = user?.role === "creditor_admin";
  const o = await (await getServerCaller()).qbo.overview();
  const c = o.connection;
  const error = typeof params.error === "string" ? params.error : undefined;
  const connectLink = (label: string, icon: React.ReactNode) => (
    // A plain link: the start route redirects to Intuit's consent page.
    <Button asChild>
      <a href="/api/qbo/oauth/start">
        {icon}
        {label}
      </a>
    </Button>
  );
  const rows: Array<[string, React.ReactNode]> = c
    ? [
        ["Company", c.companyName ?? "—"],
        [
          "Company id (realm)",
          <span key="r" className="font-mono text-[13px]">
            {c.realmId}
          </span>,
        ],
        ["Connected since", c.connectedAt ? dateTime(c.connectedAt) : "—"],
        ["Last sync", o.lastSyncAt ? dateTime(o.lastSyncAt) : "Not yet"],
        ["Authorisation valid until", c.refreshTokenExpiresAt ? dateTime(c.refreshTokenExpiresAt) : "—"],
      ]
    : [];
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={
          <Link href="/settings" className="inline-flex items-center gap-1 hover:underline">
            <ArrowLeft className="size-3" aria-hidden />
            Settings
          </Link>
        }
        title="QuickBooks Online"
        description="Each cleared payment is posted to QuickBooks against its invoice, exactly once, stamped [ai-collect:placement=…]. Balances are compared with ours every hour; differences are explained in the sync log and never corrected behind your back."
        actions={
          <Button variant="outline" asChild>
            <Link href="/settings/integrations/quickbooks/sync-log">
              Sync log
              <ArrowRight aria-hidden />
            </Link>
          </Button>
        }
      />
      {params.connected ? (
        <Alert variant="success">
          <CircleCheck />
          <AlertTitle>QuickBooks is connected</AlertTitle>
          <AlertDescription>New payments are written back within a minute.</AlertDescription>
        </Alert>
      ) : null}
      {error ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertTitle>QuickBooks was not connected</AlertTitle>
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            Connection
            {c ? (
              <Badge variant={STATE[c.status].variant} dot>
                {STATE[c.status].label}
              </Badge>
            ) : (
              <Badge variant="muted">Not connected</Badge>
            )}
          </CardTitle>
          <CardDescription>
            {!c || c.status === "disconnected"
              ? "Connect your QuickBooks company so recovered payments land on the right invoices. Payments recovered while not connected are not posted later, so nothing you booked yourself is paid twice."
              : c.status === "needs_reconnect"
                ? `QuickBooks no longer accepts our authorisation (${c.statusReason ?? "expired"}). Writebacks wait and are retried once you reconnect.`
                : "Writebacks, retries and drift checks run automatically."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {rows.length ? (
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
              {rows.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-muted-foreground">{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {isAdmin ? (
            <div className="flex flex-wrap gap-2">
              {!c || c.status === "disconnected" ? connectLink("Connect QuickBooks", <Plug aria-hidden />) : null}
              {c?.status === "needs_reconnect" ? connectLink("Reconnect QuickBooks", <RefreshCw aria-hidden />) : null}
              {c && c.status !== "disconnected" ? <DisconnectButton companyName={c.companyName ?? c.realmId} /> : null}
            </div>
          ) : (
            <p className="text-[13px] text-muted-foreground">
              Only an administrator of your organisation can connect or disconnect QuickBooks.
            </p>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Writebacks and exceptions</CardTitle>
          <CardDescription>
            One writeback per payment. Failures keep QuickBooks&apos; own message and are retried with backoff; you can
            retry one from the sync log.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
            {[
              ["Posted", o.writebacks.posted],
              ["Pending", o.writebacks.pending],
              ["Failed", o.writebacks.failed],
              ["Open drift", o.openExceptions.drift],
              ["Paid in QuickBooks", o.openExceptions.directPayments],
              ["Failed (needs a person)", o.openExceptions.failedWritebacks],
            ].map(([label, n]) => (
              <div key={label as string} className="grid gap-0.5">
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums">{(n as number).toLocaleString("en-US")}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {c && c.status !== "disconnected" ? <QboJournalSettings isAdmin={isAdmin} /> : null}
    </div>
  );
}
