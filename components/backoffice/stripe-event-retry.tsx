"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { TRPCClientError } from "@trpc/client";
import { RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { humanize } from "@/components/portal/format";
import { makeTRPCClient } from "@/server/trpc/react";

/** Re-drive a failed or parked event through the inbox now, then show the page as it now stands. */
export function StripeEventRetry({ eventId }: { eventId: string }) {
  const [client] = useState(makeTRPCClient);
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; isError: boolean } | null>(null);
  async function retry() {
    setBusy(true);
    setNote(null);
    try {
      const r = await client.stripeEvents.retry.mutate({ eventId });
      setNote({ text: `${humanize(r.status)}${r.detail ? `: ${r.detail}` : ""}`, isError: r.status === "failed" });
      router.refresh();
    } catch (err) {
      setNote({
        text: err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.",
        isError: true,
      });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" loading={busy} onClick={() => void retry()}>
        <RotateCw aria-hidden />
        Retry now
      </Button>
      {note ? (
        <span
          role="status"
          className={
            note.isError
              ? "max-w-sm text-right text-xs text-destructive"
              : "max-w-sm text-right text-xs text-muted-foreground"
          }
        >
          {note.text}
        </span>
      ) : null}
    </div>
  );
}
