"use client";

import * as React from "react";
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
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";

export type ConfirmDialogProps = {
  trigger: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  /** The money effect (rows that will be written), shown before the person confirms. */
  preview?: React.ReactNode;
  confirmLabel: string;
  /** Ask for a reason/note; required when `reasonRequired`. */
  reasonLabel?: string;
  reasonRequired?: boolean;
  destructive?: boolean;
  busy?: boolean;
  error?: string | null;
  /** Resolves true when done (the dialog closes), false to keep it open (the error shows). */
  onConfirm: (reason: string) => Promise<boolean>;
};

/** One confirmation step for a work item action: what will happen (and its money preview), an optional reason, confirm. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [open, setOpen] = React.useState(false);
  const [reason, setReason] = React.useState("");
  const [touched, setTouched] = React.useState(false);
  const missing = props.reasonRequired && reason.trim().length < 3;
  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (missing) return;
    if (await props.onConfirm(reason.trim())) {
      setOpen(false);
      setReason("");
      setTouched(false);
    }
  }
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{props.trigger}</DialogTrigger>
      <DialogContent>
        <form onSubmit={(e) => void confirm(e)} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{props.title}</DialogTitle>
            {props.description ? <DialogDescription>{props.description}</DialogDescription> : null}
          </DialogHeader>
          {props.preview}
          {props.reasonLabel ? (
            <FormField
              label={props.reasonLabel}
              required={props.reasonRequired}
              error={touched && missing ? "Give a reason of at least 3 characters." : undefined}
            >
              <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
            </FormField>
          ) : null}
          {props.error ? (
            <Alert variant="destructive">
              <AlertDescription>{props.error}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant={props.destructive ? "destructive" : "default"} loading={props.busy}>
              {props.confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
