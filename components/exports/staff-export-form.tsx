"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { FilterSelect } from "@/components/portal/filter-select";

const TYPES = [
  { value: "remittances", label: "Remittances" },
  { value: "placements", label: "Placements" },
  { value: "statement_lines", label: "Statement lines" },
  { value: "ledger", label: "Ledger postings" },
] as const;
type ExportType = (typeof TYPES)[number]["value"];

/** Back-office: request an agency-wide export (or one creditor's), the ledger included. */
export function StaffExportForm() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const creditors = useQuery(trpc.backoffice.creditors.queryOptions({ limit: 200 }, { staleTime: 5 * 60_000 }));
  const create = useMutation(trpc.backofficeExports.create.mutationOptions());
  const [type, setType] = React.useState<ExportType>("remittances");
  const [format, setFormat] = React.useState<"csv" | "qbo_bank_csv">("csv");
  const [creditor, setCreditor] = React.useState<string | undefined>();
  const [currency, setCurrency] = React.useState("");
  const [from, setFrom] = React.useState("");
  const [to, setTo] = React.useState("");
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await create.mutateAsync({
        type,
        format,
        includeBom: format === "csv",
        filters: {
          ...(creditor ? { creditor_id: creditor } : {}),
          ...(currency ? { currency: currency.toUpperCase() } : {}),
          ...(from ? { occurred_from: from } : {}),
          ...(to ? { occurred_to: to } : {}),
        },
      });
      toast.success("Export started");
      await qc.invalidateQueries({ queryKey: trpc.backofficeExports.list.queryKey() });
    } catch (err) {
      toast.error("The export could not be started", { description: err instanceof Error ? err.message : undefined });
    }
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>New export</CardTitle>
        <CardDescription>Every creditor unless you pick one. Dates are UTC days, both included.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
          <FilterSelect
            label="Type"
            value={type}
            onChange={(v) => setType((v as ExportType) ?? "remittances")}
            options={TYPES}
            className="w-44"
          />
          <FilterSelect
            label="Format"
            value={format}
            onChange={(v) => setFormat(v === "qbo_bank_csv" ? "qbo_bank_csv" : "csv")}
            options={[
              { value: "csv", label: "CSV" },
              { value: "qbo_bank_csv", label: "QuickBooks bank file" },
            ]}
            className="w-48"
          />
          <FilterSelect
            label="Creditors"
            value={creditor}
            onChange={setCreditor}
            options={(creditors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            className="w-48"
          />
          <div className="grid gap-1">
            <Label htmlFor="export-currency">Currency</Label>
            <Input
              id="export-currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
              placeholder="All"
              className="w-24"
              maxLength={3}
            />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="export-from">From</Label>
            <Input id="export-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="export-to">To</Label>
            <Input id="export-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <Button type="submit" disabled={create.isPending}>
            Export
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
