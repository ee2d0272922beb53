import type { Metadata } from "next";
import { Cpu, Workflow } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, humanize } from "@/components/portal/format";
import { getSession } from "@/server/auth/session";
import { getServerCaller } from "@/server/trpc/server";
import { RunNowButton } from "./run-now-button";

export const metadata: Metadata = { title: "Background jobs" };
export const dynamic = "force-dynamic";

const MODE = {
  inngest: { label: "Inngest", icon: <Workflow aria-hidden />, variant: "info" },
  "in-process": { label: "In-process runner", icon: <Cpu aria-hidden />, variant: "success" },
  off: { label: "Off in this process", icon: <Cpu aria-hidden />, variant: "muted" },
} as const;

/** Which executor runs background jobs, each job's schedule and last runs in this server, and the work waiting. */
export default async function JobsPage() {
  const [user, status] = await Promise.all([getSession(), getServerCaller().then((c) => c.jobs.status())]);
  const canRun = user?.role === "admin" || user?.role === "operator";
  const mode = MODE[status.mode.kind];
  const backlog = status.backlog;
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Background jobs"
        description="QuickBooks writebacks, webhooks, drift and the daily catch-up; Stripe transfers and the look-up of parked events; the daily pruning of old sign-in attempts. The same schedules run on Inngest when it is configured, or in this server otherwise."
      />
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            Mode{" "}
            <Badge variant={mode.variant}>
              {mode.icon}
              {mode.label}
            </Badge>
          </CardTitle>
          <CardDescription>
            {status.mode.reason}.
            {status.runner?.startedAt ? ` Runner started ${dateTime(status.runner.startedAt)}.` : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {backlog.length ? (
            <div className="grid gap-4 sm:grid-cols-2">
              {(["QuickBooks", "Stripe"] as const).map((system) => {
                const items = backlog.filter((b) => b.system === system);
                return (
                  <section key={system} aria-label={`${system} backlog`} className="grid content-start gap-2">
                    <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{system}</h3>
                    {items.length ? (
                      <dl className="grid gap-1.5 text-sm">
                        {items.map((b) => (
                          <div key={b.key} className="flex items-baseline justify-between gap-4">
                            <dt className={b.attention ? "text-destructive" : undefined}>{b.label}</dt>
                            <dd className="font-semibold tabular-nums">{b.count.toLocaleString("en-US")}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : (
                      <p className="text-[13px] text-muted-foreground">Nothing waiting.</p>
                    )}
                  </section>
                );
              })}
            </div>
          ) : (
            <p className="text-[13px] text-muted-foreground">
              Nothing waiting: no unprocessed outbox rows, unposted writebacks, stored webhooks, or parked or failed
              Stripe events.
            </p>
          )}
        </CardContent>
      </Card>
      <Table containerClassName="rounded-lg border">
        <TableHeader>
          <TableRow>
            <TableHead>Job</TableHead>
            <TableHead>Schedule (UTC)</TableHead>
            <TableHead>Next run</TableHead>
            <TableHead>Last runs in this server</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {status.jobs.map((j) => (
            <TableRow key={j.id}>
              <TableCell className="font-medium">
                {j.label}
                {j.isRunning ? (
                  <Badge variant="info" className="ml-2">
                    Running
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell className="font-mono text-[13px]">{j.schedule.replace(/^TZ=UTC /, "")}</TableCell>
              <TableCell className="text-[13px]">
                {j.nextRunAt ? dateTime(j.nextRunAt) : status.mode.kind === "inngest" ? "Inngest schedules it" : "—"}
              </TableCell>
              <TableCell>
                {j.recentRuns.length === 0 ? (
                  <span className="text-[13px] text-muted-foreground">None yet</span>
                ) : (
                  <ul className="grid gap-1 text-[13px]">
                    {j.recentRuns.slice(0, 3).map((r) => (
                      <li key={r.startedAt.toISOString()} className="flex flex-wrap items-center gap-2">
                        <Badge variant={r.ok === null ? "info" : r.ok ? "success" : "destructive"} dot>
                          {r.ok === null ? "running" : r.ok ? "ok" : "failed"}
                        </Badge>
                        <span>{dateTime(r.startedAt)}</span>
                        {r.finishedAt ? (
                          <span className="text-muted-foreground">
                            {((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1)} s ·{" "}
                            {humanize(r.executor)}
                          </span>
                        ) : null}
                        {r.error ? <span className="text-destructive">{r.error}</span> : null}
                        {r.summary ? (
                          <code className="max-w-md truncate text-xs text-muted-foreground">
                            {JSON.stringify(r.summary)}
                          </code>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </TableCell>
              <TableCell className="text-right">
                {canRun && status.mode.kind !== "off" ? <RunNowButton job={j.id} /> : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
