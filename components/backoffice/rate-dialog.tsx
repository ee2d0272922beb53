"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Percent } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { toast } from "@/components/ui/toast";
import { day, rate } from "@/components/portal/format";

/** "22.5" → 2250 basis points; null unless a percentage between 0 and 100 with at most two decimals. */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/**
 * Change a creditor's contingency rate, now or from a future day (UTC midnight), with a reason.
 * Forward-only: fees already minted keep the rate snapshotted on their rows.
 */
export function RateDialog({
  creditorId,
  creditorName,
  currentBps,
}: {
  creditorId: string;
  creditorName: string;
  currentBps: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const [percent, setPercent] = React.useState("");
  const [when, setWhen] = React.useState<"now" | "date">("now");
  const [date, setDate] = React.useState(tomorrow);
  const [reason, setReason] = React.useState("");
  const [touched, setTouched] = React.useState(false);
  const change = useMutation(
    trpc.backoffice.changeRate.mutationOptions({
      onSuccess: (row) => {
        toast.success(`Rate for ${creditorName} set to ${rate(row!.rateBps)}`, {
          description: row!.effectiveFrom > new Date() ? `From ${day(row!.effectiveFrom)}` : "Effective now",
        });
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.backoffice.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() });
      },
    }),
  );
  const bps = percentToBps(percent);
  const problems = {
    percent:
      bps === null
        ? "Enter a percentage from 0 to 100, e.g. 22.5."
        : bps === currentBps
          ? "That is the current rate."
          : undefined,
    date: when === "date" && !(date >= tomorrow()) ? "Pick a day after today; history is never rewritten." : undefined,
    reason: reason.trim().length < 3 ? "Say why the rate changes; it goes in the audit log." : undefined,
  };
  const valid = !problems.percent && !problems.date && !problems.reason;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          change.reset();
          setTouched(false);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <Percent aria-hidden />
          Change rate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (!valid || bps === null) return;
            change.mutate({
              creditorId,
              rateBps: bps,
              reason: reason.trim(),
              effectiveFrom: when === "date" ? new Date(`${date}T00:00:00Z`) : undefined,
            });
          }}
        >
          <DialogHeader>
            <DialogTitle>Change contingency rate</DialogTitle>
            <DialogDescription>
              {creditorName} pays {rate(currentBps)} today. A new rate applies to payments from its effective moment on;
              rows already minted keep their rate.
            </DialogDescription>
          </DialogHeader>
          <FormField label="New rate (%)" required error={touched ? problems.percent : undefined}>
            <Input
              name="rate"
              inputMode="decimal"
              placeholder="e.g. 22.5"
              value={percent}
              onChange={(e) => setPercent(e.target.value)}
              autoComplete="off"
            />
          </FormField>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Effective</legend>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="when"
                checked={when === "now"}
                onChange={() => setWhen("now")}
                className="accent-primary"
              />{" "}
              Now
            </label>
            <label className="flex flex-wrap items-center gap-2 text-sm">
              <input
                type="radio"
                name="when"
                checked={when === "date"}
                onChange={() => setWhen("date")}
                className="accent-primary"
              />{" "}
              From the start of (UTC)
              <Input
                type="date"
                aria-label="Effective day"
                value={date}
                min={tomorrow()}
                onChange={(e) => {
                  setDate(e.target.value);
                  setWhen("date");
                }}
                className="h-8 w-40"
              />
            </label>
            {touched && problems.date ? <p className="text-[13px] text-destructive">{problems.date}</p> : null}
          </fieldset>
          <FormField
            label="Reason"
            required
            error={touched ? problems.reason : undefined}
            description="Recorded in the audit log with your name."
          >
            <Textarea
              name="reason"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
            />
          </FormField>
          {change.error ? (
            <Alert variant="destructive">
              <AlertDescription>{change.error.message}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={change.isPending}>
              {change.isPending ? "Saving…" : "Save rate"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
