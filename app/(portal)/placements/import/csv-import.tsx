"use client";
import { TRPCClientError } from "@trpc/client";
import { CircleAlert, CircleCheck, Download, FileUp } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { makeTRPCClient } from "@/server/trpc/react";
import type { AppRouter } from "@/server/trpc/root";
import type { inferRouterOutputs } from "@trpc/server";
import { PreviewTable } from "./preview-table";

type Preview = inferRouterOutputs<AppRouter>["intake"]["preview"];
type RowProblem = { line: number; invoice_number: string | null; problems: string[] };
type Failure = { message: string; rows: RowProblem[] };

const MAX_BYTES = 5 * 1024 * 1024;

function failureOf(err: unknown): Failure {
  if (err instanceof TRPCClientError) {
    const details = (err.data as { details?: { rows?: RowProblem[] } } | undefined)?.details;
    return { message: err.message, rows: details?.rows ?? [] };
  }
  return { message: "The server could not be reached. Check your connection and try again.", rows: [] };
}

/** Upload → preview with per-row problems → import all rows at once (or none). */
export function CsvImport({ columns }: { columns: string[] }) {
  const [client] = useState(makeTRPCClient);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<"reading" | "importing" | null>(null);
  const [imported, setImported] = useState<number | null>(null);

  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`${columns.join(",")}\nINV-1001,1234.56,USD,2026-12-31,Acme Supplies Ltd,ap@acme.example,\n`)}`;

  async function choose(selected: File | undefined) {
    setPreview(null);
    setFailure(null);
    setImported(null);
    setFile(null);
    if (!selected) return;
    if (selected.size > MAX_BYTES)
      return setFailure({ message: `${selected.name} is over 5 MB. Split it into smaller files.`, rows: [] });
    setBusy("reading");
    try {
      const csv = await selected.text();
      setFile({ name: selected.name, csv });
      setPreview(await client.intake.preview.mutate({ csv }));
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setBusy(null);
    }
  }

  async function commit() {
    if (!file) return;
    setBusy("importing");
    setFailure(null);
    try {
      const result = await client.intake.commit.mutate({ csv: file.csv });
      setImported(result.imported);
      setPreview(null);
      setFile(null);
      if (input.current) input.current.value = "";
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setBusy(null);
    }
  }

  const ready = preview && preview.errorRows === 0;
  return (
    <section className="grid gap-4" aria-label="Upload and import">
      <div className="flex flex-wrap items-center gap-3">
        <input
          ref={input}
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          className="peer sr-only"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        <Button asChild>
          <label
            htmlFor="csv-file"
            className="cursor-pointer peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/40"
          >
            <FileUp aria-hidden />
            {busy === "reading" ? "Checking the file…" : file ? "Choose another file" : "Choose a CSV file"}
          </label>
        </Button>
        <Button asChild variant="ghost" size="sm">
          <a href={template} download="clearbook-placements-template.csv">
            <Download aria-hidden />
            Template
          </a>
        </Button>
        {file ? <span className="text-sm text-muted-foreground">{file.name}</span> : null}
      </div>

      {imported !== null ? (
        <Alert variant="success">
          <CircleCheck />
          <AlertTitle>{imported.toLocaleString("en-US")} invoices placed</AlertTitle>
          <AlertDescription>
            <Link href="/placements" className="font-medium underline underline-offset-4">
              See them in Placements
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}

      {failure ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertTitle>Nothing was imported</AlertTitle>
          <AlertDescription>
            <p>{failure.message}</p>
            {failure.rows.length ? (
              <ul className="mt-2 list-disc pl-4">
                {failure.rows.slice(0, 20).map((r) => (
                  <li key={r.line}>
                    Line {r.line}: {r.problems.join("; ")}
                  </li>
                ))}
              </ul>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}

      {preview ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm">
              <strong>{preview.totalRows.toLocaleString("en-US")}</strong> rows:{" "}
              {preview.validRows.toLocaleString("en-US")} ready
              {preview.errorRows ? (
                <>
                  ,{" "}
                  <strong className="text-destructive">
                    {preview.errorRows.toLocaleString("en-US")} with problems
                  </strong>
                </>
              ) : null}
            </p>
            <Button onClick={() => void commit()} disabled={!ready} loading={busy === "importing"}>
              Import {preview.totalRows.toLocaleString("en-US")} invoices
            </Button>
          </div>
          {preview.currencyWarnings.map((w) => (
            <Alert key={w.currency} variant="warning" data-testid="currency-warning">
              <CircleAlert />
              <AlertTitle>A currency new for you: {w.currency}</AlertTitle>
              <AlertDescription>{w.message}</AlertDescription>
            </Alert>
          ))}
          {preview.errorRows ? (
            <Alert variant="warning">
              <CircleAlert />
              <AlertDescription>
                Fix the rows marked below in your file and choose it again. While any row has a problem, nothing is
                imported.
              </AlertDescription>
            </Alert>
          ) : null}
          <PreviewTable rows={preview.rows} totalRows={preview.totalRows} />
        </>
      ) : null}
    </section>
  );
}
