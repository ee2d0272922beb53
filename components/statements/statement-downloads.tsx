"use client";

import { TRPCClientError } from "@trpc/client";
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { makeTRPCClient } from "@/server/trpc/react";

/**
 * PDF and CSV buttons: each click mints a fresh signed link (about ten minutes) for the signed-in
 * person and follows it, so a link never sits in the page waiting to expire or leak.
 */
export function StatementDownloads({ id, audience }: { id: string; audience: "creditor" | "staff" }) {
  const [client] = useState(makeTRPCClient);
  const [busy, setBusy] = useState<"pdf" | "csv" | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function go(format: "pdf" | "csv") {
    setBusy(format);
    setError(null);
    try {
      const link =
        audience === "creditor"
          ? await client.statements.downloadLink.mutate({ id, format })
          : await client.statements.staffDownloadLink.mutate({ id, format });
      window.location.assign(link.url);
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" loading={busy === "pdf"} onClick={() => void go("pdf")}>
        <Download aria-hidden />
        Download PDF
      </Button>
      <Button size="sm" variant="outline" loading={busy === "csv"} onClick={() => void go("csv")}>
        <Download aria-hidden />
        Download CSV
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </div>
  );
}
