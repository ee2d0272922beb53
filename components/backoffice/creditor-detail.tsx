"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, humanize, money, rate } from "@/components/portal/format";
import { InviteDialog } from "@/components/portal/invite-dialog";
import { RateDialog } from "./rate-dialog";

const CREDITOR_ROLES = [
  { value: "creditor_admin", label: "Administrator: manages people and API keys" },
  { value: "creditor_member", label: "Member: sees placements, remittances and statements" },
] as const;

/**
 * One creditor for staff: its rate history (with the change dialog), book per currency, people and recent
 * audit events. An agency admin (`canInvite`) invites the creditor's people here, e.g. its first administrator.
 */
export function CreditorDetail({
  id,
  canInvite = false,
  canChangeRate = false,
}: {
  id: string;
  canInvite?: boolean;
  /** Only an agency admin changes contingency rates (enforced by the service). */
  canChangeRate?: boolean;
}) {
  const trpc = useTRPC();
  const query = useQuery(trpc.backoffice.creditor.queryOptions({ id }));
  const audit = useQuery(trpc.audit.list.queryOptions({ creditorId: id, limit: 8 }));
  if (query.isPending) return <Skeleton className="h-96 rounded-lg" />;
  if (query.error)
    return (
      <ErrorState
        title="This creditor could not be loaded"
        description={query.error.message}
        onRetry={() => void query.refetch()}
      />
    );
  const { creditor: c, rates, people, book } = query.data;
  const now = new Date();
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={
          <Link href="/backoffice/creditors" className="hover:text-foreground">
            Creditors
          </Link>
        }
        title={c.name}
        description={`${c.slug} · books in ${c.defaultCurrency} · contingency rate ${rate(c.contingencyRateBps)}`}
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <Link href={`/backoffice/placements?creditor=${c.id}`}>Placements</Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <Link href={`/backoffice/audit?creditor=${c.id}`}>Audit log</Link>
            </Button>
            {canChangeRate ? (
              <RateDialog creditorId={c.id} creditorName={c.name} currentBps={c.contingencyRateBps} />
            ) : null}
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Contingency rates</CardTitle>
            <CardDescription>
              Forward-only history. Each remittance row keeps the rate in force when its payment cleared. Only an agency
              admin changes a rate.
            </CardDescription>
          </CardHeader>
          <CardContent className="px-0">
            <Table aria-label="Rate history">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Effective from</TableHead>
                  <TableHead numeric>Rate</TableHead>
                  <TableHead>Reason</TableHead>
                  <TableHead>By</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rates.map((r) => (
                  <TableRow key={r.id} data-testid="rate-row">
                    <TableCell className="whitespace-nowrap">
                      {dateTime(r.effectiveFrom)}{" "}
                      {r.effectiveFrom > now ? (
                        <Badge variant="info">Scheduled</Badge>
                      ) : r.id === query.data.currentRate?.id ? (
                        <Badge variant="success">Current</Badge>
                      ) : null}
                    </TableCell>
                    <TableCell numeric className="font-medium">
                      {rate(r.rateBps)}
                    </TableCell>
                    <TableCell className="max-w-48 truncate" title={r.reason ?? ""}>
                      {r.reason ?? "—"}
                    </TableCell>
                    <TableCell className="text-[13px] text-muted-foreground">{r.createdByName}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Book</CardTitle>
            <CardDescription>
              Placements by status, per currency (from the placements&apos; cached totals).
            </CardDescription>
          </CardHeader>
          <CardContent className="px-0">
            <Table aria-label="Book by status">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Status</TableHead>
                  <TableHead numeric>Placements</TableHead>
                  <TableHead numeric>Invoiced</TableHead>
                  <TableHead numeric>Recovered</TableHead>
                  <TableHead numeric>Fees</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {book.map((b) => (
                  <TableRow key={`${b.currency}-${b.status}`}>
                    <TableCell>
                      <Link
                        className="hover:underline"
                        href={`/backoffice/placements?creditor=${c.id}&status=${b.status}&currency=${b.currency}`}
                      >
                        {humanize(b.status)}
                      </Link>{" "}
                      <span className="text-xs text-muted-foreground">{b.currency}</span>
                    </TableCell>
                    <TableCell numeric>{b.placements.toLocaleString("en-US")}</TableCell>
                    <TableCell numeric>{money(b.invoiced, b.currency)}</TableCell>
                    <TableCell numeric>{money(b.recovered, b.currency)}</TableCell>
                    <TableCell numeric>{money(b.fees, b.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>People</CardTitle>
            {canInvite ? (
              <CardAction>
                <InviteDialog scope="agency" roles={CREDITOR_ROLES} creditor={{ id: c.id, name: c.name }} />
              </CardAction>
            ) : null}
          </CardHeader>
          <CardContent className="grid gap-1.5 text-[13px]">
            {people.length === 0 ? (
              <p className="text-muted-foreground">Nobody from this creditor can sign in yet.</p>
            ) : null}
            {people.map((p) => (
              <p key={p.id} className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{p.name}</span>
                <span className="text-muted-foreground">{p.email}</span>
                <Badge variant="muted">{p.role === "creditor_admin" ? "Administrator" : "Member"}</Badge>
                {p.disabledAt ? <Badge variant="destructive">Disabled</Badge> : null}
              </p>
            ))}
          </CardContent>
        </Card>
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Recent audit events</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-1.5 text-[13px]">
            {audit.isPending ? <Skeleton className="h-24" /> : null}
            {audit.data?.items.map((a) => (
              <p key={a.id} className="flex flex-wrap items-baseline gap-x-2" data-testid="creditor-audit-row">
                <span className="text-xs text-muted-foreground tabular">{dateTime(a.occurredAt)}</span>
                <span className="font-medium">{humanize(a.action)}</span>
                <span className="text-muted-foreground">
                  by {a.actorName ?? `${humanize(a.actorType)} ${a.actorId}`}
                </span>
              </p>
            ))}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
