import Link from "next/link";
import { Clock, TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, elapsed, humanize } from "@/components/portal/format";
import { StatusBadge } from "@/components/portal/status-badge";

type Detail = {
  event: {
    eventId: string;
    type: string;
    status: string;
    livemode: boolean;
    account: string | null;
    apiVersion: string | null;
    objectId: string | null;
    created: Date;
    payload: Record<string, unknown>;
    error: string | null;
    waitKeys: string[];
    attempts: number;
    receivedAt: Date;
    processedAt: Date | null;
    ageSeconds: number;
  };
  effects: Array<{
    id: string;
    occurredAt: Date;
    actorType: string;
    actorId: string;
    actorName: string | null;
    action: string;
    creditorName: string | null;
    targetType: string | null;
    targetId: string | null;
    details: Record<string, unknown>;
  }>;
  workItems: Array<{ id: string; kind: string; status: string; title: string; nextAction: string; createdAt: Date }>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where an effect's record lives in the back-office, when it has a page. */
function targetHref(e: Detail["effects"][number]): string | null {
  const placementId =
    e.targetType === "placement"
      ? e.targetId
      : typeof e.details.placementId === "string"
        ? e.details.placementId
        : null;
  if (placementId && UUID.test(placementId)) return `/backoffice/placements/${placementId}`;
  return null;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

/** One stored Stripe event: where it stands, what it did (audit trail and work item), and its payload as received. */
export function StripeEventDetail({ detail }: { detail: Detail }) {
  const { event: e, effects, workItems } = detail;
  return (
    <div className="grid gap-6">
      {e.status === "parked" ? (
        <Alert variant="warning">
          <Clock aria-hidden />
          <AlertTitle>Waiting for {e.waitKeys.length ? e.waitKeys.join(", ") : "its payment"}</AlertTitle>
          <AlertDescription>
            <p>{e.error ?? "It refers to a payment that is not booked yet."}</p>
            <p>
              It is applied, once, as soon as that payment is booked; after 15 minutes the payment is looked up at
              Stripe (when an API key is configured).
            </p>
          </AlertDescription>
        </Alert>
      ) : e.status === "failed" ? (
        <Alert variant="destructive">
          <TriangleAlert aria-hidden />
          <AlertTitle>Could not be applied</AlertTitle>
          <AlertDescription>
            <p>{e.error ?? "No reason was recorded."}</p>
            <p>Fix the cause, then retry: a retry applies it at most once.</p>
          </AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardContent>
          <dl className="grid gap-x-8 gap-y-4 sm:grid-cols-2 lg:grid-cols-4">
            <Fact label="Status">
              <StatusBadge status={e.status} />
            </Fact>
            <Fact label="Type">
              <span className="font-mono">{e.type}</span>
            </Fact>
            <Fact label="Object">
              <span className="font-mono">{e.objectId ?? "—"}</span>
            </Fact>
            <Fact label="Mode">
              {e.livemode ? "Live" : "Test"}
              {e.account ? (
                <>
                  {" "}
                  · account <span className="font-mono">{e.account}</span>
                </>
              ) : null}
            </Fact>
            <Fact label="Happened at Stripe">{dateTime(e.created)}</Fact>
            <Fact label="Received">
              {dateTime(e.receivedAt)} <span className="text-muted-foreground">({elapsed(e.ageSeconds)} ago)</span>
            </Fact>
            <Fact label="Applied">{e.processedAt ? dateTime(e.processedAt) : "—"}</Fact>
            <Fact label="Attempts">{e.attempts.toLocaleString("en-US")}</Fact>
            {e.error && e.status !== "parked" && e.status !== "failed" ? <Fact label="Note">{e.error}</Fact> : null}
            {e.apiVersion ? (
              <Fact label="API version">
                <span className="font-mono">{e.apiVersion}</span>
              </Fact>
            ) : null}
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Effects</CardTitle>
          <CardDescription>
            Audit events this event caused (actor: the Stripe event) and the ones about it: parked, failed, retried by a
            person.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {effects.length === 0 ? (
            <p className="text-[13px] text-muted-foreground">
              Nothing recorded: the event changed nothing in the books.
            </p>
          ) : (
            <Table containerClassName="rounded-lg border">
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>What</TableHead>
                  <TableHead>Who</TableHead>
                  <TableHead>Creditor</TableHead>
                  <TableHead>Details</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {effects.map((x) => {
                  const href = targetHref(x);
                  return (
                    <TableRow key={x.id}>
                      <TableCell className="text-[13px] whitespace-nowrap">{dateTime(x.occurredAt)}</TableCell>
                      <TableCell>
                        <Badge variant="outline" className="font-mono">
                          {x.action}
                        </Badge>
                        {href ? (
                          <Link href={href} className="ml-2 text-[13px] text-primary hover:underline">
                            {humanize(x.targetType ?? "record")}
                          </Link>
                        ) : null}
                      </TableCell>
                      <TableCell className="text-[13px]">
                        {x.actorName ??
                          (x.actorType === "stripe_webhook"
                            ? "Stripe webhook"
                            : `${humanize(x.actorType)} ${x.actorId}`)}
                      </TableCell>
                      <TableCell className="text-[13px]">
                        {x.creditorName ?? <span className="text-muted-foreground">—</span>}
                      </TableCell>
                      <TableCell>
                        <code
                          className="block max-w-lg truncate text-xs text-muted-foreground"
                          title={JSON.stringify(x.details)}
                        >
                          {JSON.stringify(x.details)}
                        </code>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
          {workItems.length ? (
            <ul className="mt-4 grid gap-2 text-[13px]">
              {workItems.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={w.status} />
                  <Link
                    href={`/backoffice/work-items?kind=${w.kind}`}
                    className="font-medium text-primary hover:underline"
                  >
                    {humanize(w.kind)}
                  </Link>
                  <span className="text-muted-foreground">{w.nextAction}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Payload</CardTitle>
          <CardDescription>As Stripe sent it (signature verified on arrival).</CardDescription>
        </CardHeader>
        <CardContent>
          {/* Scrolls: focusable, so keyboard users can scroll it too (axe: scrollable-region-focusable). */}
          <pre
            tabIndex={0}
            role="region"
            aria-label="Event payload"
            className="max-h-[32rem] overflow-auto rounded-md bg-muted p-3 font-mono text-xs leading-5 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/40"
          >
            {JSON.stringify(e.payload, null, 2)}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
