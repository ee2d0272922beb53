import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime } from "@/components/portal/format";
import { MonthRunActions } from "@/components/statements/month-run-actions";
import { TieOutResultView } from "@/components/statements/tie-out-result";
import { getSession } from "@/server/auth/session";
import {
  isPeriod,
  nextPeriod,
  periodBounds,
  periodLabel,
  periodOf,
  previousPeriod,
} from "@/server/domain/statement-period";
import { env } from "@/server/env";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Statements" };
export const dynamic = "force-dynamic";

const STATUS = {
  not_run: { label: "Not generated", variant: "muted" },
  generating: { label: "Generating", variant: "info" },
  generated: { label: "Generated (preview)", variant: "info" },
  failed: { label: "Failed", variant: "destructive" },
  issued: { label: "Issued", variant: "success" },
} as const;

/** Finance's month view: every creditor's statement run for one month, with tie-out, preview, issue and re-issue. */
export default async function BackofficeStatementsPage({
  searchParams,
}: {
  searchParams: Promise<{ period?: string }>;
}) {
  const user = await getSession();
  if (user?.role !== "finance" && user?.role !== "admin") redirect("/backoffice");
  const zone = env().AGENCY_TIME_ZONE;
  const lastMonth = previousPeriod(periodOf(new Date(), zone));
  const asked = (await searchParams).period;
  const period = asked && isPeriod(asked) ? asked : lastMonth;
  const runs = await (await getServerCaller()).statements.runs({ period });
  const hasEnded = periodBounds(period, zone).end <= new Date();
  const issued = runs.filter((r) => r.status === "issued").length;
  return (
    <div className="grid gap-6">
      <PageHeader
        title={`Statements · ${periodLabel(period)}`}
        description={`Issued by the monthly job at 04:00 on the 1st (${zone}); here finance previews, issues a month that failed, and re-issues with a reason. ${issued} of ${runs.length} creditors issued.`}
        actions={
          <nav aria-label="Month" className="flex items-center gap-2">
            <Button asChild size="sm" variant="outline">
              <Link href={`/backoffice/statements?period=${previousPeriod(period)}`} aria-label="Previous month">
                <ChevronLeft aria-hidden />
              </Link>
            </Button>
            <span className="text-sm tabular-nums">{period}</span>
            <Button asChild size="sm" variant="outline">
              <Link href={`/backoffice/statements?period=${nextPeriod(period)}`} aria-label="Next month">
                <ChevronRight aria-hidden />
              </Link>
            </Button>
          </nav>
        }
      />
      {!hasEnded ? (
        <p className="text-sm text-muted-foreground">
          {periodLabel(period)} has not ended yet: it can be previewed, and is issued once it is over.
        </p>
      ) : null}
      <Table containerClassName="rounded-lg border" aria-label={`Statement runs for ${period}`}>
        <TableHeader>
          <TableRow>
            <TableHead>Creditor</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden md:table-cell">Statement</TableHead>
            <TableHead className="hidden lg:table-cell">Tie-out</TableHead>
            <TableHead className="text-right">Actions</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((r) => (
            <TableRow key={r.creditorId}>
              <TableCell className="font-medium">{r.creditorName}</TableCell>
              <TableCell>
                <Badge variant={STATUS[r.status].variant}>
                  {STATUS[r.status].label}
                  {r.status === "issued" && r.version ? ` · v${r.version}` : ""}
                </Badge>
                {r.error ? <p className="mt-1 max-w-xs text-xs text-destructive">{r.error}</p> : null}
              </TableCell>
              <TableCell className="hidden md:table-cell text-sm">
                {r.statementId ? (
                  <Link
                    className="font-mono text-xs underline-offset-4 hover:underline"
                    href={`/backoffice/statements/${r.statementId}`}
                  >
                    {r.number}
                  </Link>
                ) : (
                  "—"
                )}
                {r.issuedAt ? (
                  <span className="block text-xs text-muted-foreground">{dateTime(r.issuedAt)}</span>
                ) : null}
              </TableCell>
              <TableCell className="hidden lg:table-cell">
                <TieOutResultView tieOut={r.tieOut} />
              </TableCell>
              <TableCell className="text-right">
                <MonthRunActions
                  creditorId={r.creditorId}
                  creditorName={r.creditorName}
                  period={period}
                  issuedVersion={r.statementId ? r.version : null}
                  canIssue={hasEnded}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
