"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Send, RefreshCw, RotateCcw, Webhook } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { dateTime, humanize } from "@/components/portal/format";
import { DeliveryLog } from "./delivery-log";

const EVENTS = [
  "remittance.created",
  "remittance.reversed",
  "placement.paid",
  "statement.issued",
  "export.succeeded",
] as const;
type EventType = (typeof EVENTS)[number];
const errorText = (err: unknown) =>
  err instanceof Error ? err.message : "The server could not be reached; try again.";

/** Endpoints: create (secret shown once), enable/disable, rotate the secret, send a test event, read the delivery log. */
export function WebhooksManager() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.webhooks.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const create = useMutation(trpc.webhooks.create.mutationOptions());
  const update = useMutation(trpc.webhooks.update.mutationOptions());
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions());
  const test = useMutation(trpc.webhooks.sendTest.mutationOptions());
  const [url, setUrl] = React.useState("");
  const [events, setEvents] = React.useState<EventType[]>([...EVENTS]);
  const [secret, setSecret] = React.useState<{ endpoint: string; secret: string } | null>(null);
  const [open, setOpen] = React.useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      const r = await create.mutateAsync({ url, events });
      setSecret({ endpoint: r.endpoint.url, secret: r.secret });
      setUrl("");
      await refresh();
    } catch (err) {
      toast.error("The endpoint was not saved", { description: errorText(err) });
    }
  }
  const act = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      await refresh();
    } catch (err) {
      toast.error(what, { description: errorText(err) });
    }
  };

  return (
    <div className="grid gap-6">
      {secret ? (
        <Alert>
          <AlertTitle>Signing secret for {secret.endpoint}</AlertTitle>
          <AlertDescription>
            <p>Copy it now: it is not shown again. Verify each request with any Standard Webhooks library.</p>
            <div className="mt-2 flex items-center gap-2">
              <code className="rounded bg-muted px-2 py-1 text-xs break-all" data-testid="webhook-secret">
                {secret.secret}
              </code>
              <Button size="sm" variant="outline" onClick={() => void navigator.clipboard?.writeText(secret.secret)}>
                <Copy aria-hidden /> Copy
              </Button>
            </div>
          </AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Add an endpoint</CardTitle>
          <CardDescription>
            An HTTPS URL on the public internet; private and internal addresses are refused.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={submit} className="grid gap-4">
            <div className="grid gap-1">
              <Label htmlFor="webhook-url">Endpoint URL</Label>
              <Input
                id="webhook-url"
                type="url"
                required
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="https://erp.example.com/clearbook"
              />
            </div>
            <fieldset className="flex flex-wrap gap-4">
              <legend className="mb-2 text-sm font-medium">Events</legend>
              {EVENTS.map((ev) => (
                <label key={ev} className="flex items-center gap-2 text-sm">
                  <Checkbox
                    checked={events.includes(ev)}
                    onCheckedChange={(on) => setEvents((cur) => (on ? [...cur, ev] : cur.filter((x) => x !== ev)))}
                  />
                  <code>{ev}</code>
                </label>
              ))}
            </fieldset>
            <div>
              <Button type="submit" disabled={create.isPending || events.length === 0}>
                Add endpoint
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      {list.data && list.data.length === 0 ? (
        <EmptyState
          icon={<Webhook />}
          title="No endpoints yet"
          description="Add one above to start receiving events."
        />
      ) : null}
      {(list.data ?? []).map((ep) => (
        <Card key={ep.id}>
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2 break-all">
              {ep.url}
              <Badge variant={ep.isEnabled ? "success" : "muted"}>{ep.isEnabled ? "Enabled" : "Disabled"}</Badge>
              {ep.failingSince && ep.isEnabled ? (
                <Badge variant="warning">Failing since {dateTime(ep.failingSince)}</Badge>
              ) : null}
            </CardTitle>
            <CardDescription>
              {ep.events.map(humanize).join(", ")} · secrets{" "}
              {ep.secrets.map((s) => `${s.hint}…${s.expiresAt ? ` (until ${dateTime(s.expiresAt)})` : ""}`).join(", ")}
              {ep.disabledReason ? <span className="block text-destructive">{ep.disabledReason}</span> : null}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <div className="flex flex-wrap gap-2">
              <Button
                size="sm"
                variant="outline"
                onClick={() =>
                  void act("Could not change the endpoint", () =>
                    update.mutateAsync({ endpointId: ep.id, isEnabled: !ep.isEnabled }),
                  )
                }
              >
                {ep.isEnabled ? "Disable" : "Enable"}
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={!ep.isEnabled || test.isPending}
                onClick={() =>
                  void act("The test event could not be sent", async () => {
                    const d = await test.mutateAsync({ endpointId: ep.id });
                    if (d.status === "succeeded")
                      toast.success(`Test event delivered (${d.responseStatus}, ${d.latencyMs} ms)`);
                    else toast.error("Test event failed", { description: d.lastError ?? undefined });
                    setOpen(ep.id);
                  })
                }
              >
                <Send aria-hidden /> Send test event
              </Button>
              <Button
                size="sm"
                variant="outline"
                onClick={() =>
                  void act("Could not rotate the secret", async () => {
                    const r = await rotate.mutateAsync({ endpointId: ep.id, overlapHours: 24 });
                    setSecret({ endpoint: ep.url, secret: r.secret });
                  })
                }
              >
                <RefreshCw aria-hidden /> Rotate secret (old one valid 24 h)
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setOpen(open === ep.id ? null : ep.id)}>
                <RotateCcw aria-hidden /> {open === ep.id ? "Hide deliveries" : "Delivery log"}
              </Button>
            </div>
            {open === ep.id ? <DeliveryLog endpointId={ep.id} /> : null}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
