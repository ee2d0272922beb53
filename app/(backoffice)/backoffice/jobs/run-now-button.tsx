"use client";
import { TRPCClientError } from "@trpc/client";
import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { JobId } from "@/server/jobs/schedules";
import { makeTRPCClient } from "@/server/trpc/react";

/** Ask for a job to run now; the page refreshes shortly after to show the run. */
export function RunNowButton({ job }: { job: JobId }) {
  const [client] = useState(makeTRPCClient);
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setNote(null);
    try {
      const r = await client.jobs.runNow.mutate({ job });
      setNote(r.outcome === "scheduled-only" ? "Will run at its next scheduled time" : "Requested");
      setTimeout(() => router.refresh(), 1_500);
    } catch (err) {
      setNote(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" variant="outline" loading={busy} onClick={() => void run()}>
        <Play aria-hidden />
        Run now
      </Button>
      {note ? <span className="text-xs text-muted-foreground">{note}</span> : null}
    </div>
  );
}
