"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Upload a statement (CAMT.053, MT940, or CSV for a chosen account); refused files say the line and why. */
export function BankImport() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const accounts = useQuery(trpc.bank.accounts.queryOptions());
  const [file, setFile] = React.useState<File | null>(null);
  const [accountId, setAccountId] = React.useState("");
  const [refusal, setRefusal] = React.useState<string | null>(null);
  const run = useMutation(
    trpc.bank.import.mutationOptions({
      onSuccess: (r) => {
        setRefusal(null);
        toast.success(`Imported ${r.imported.linesNew} new of ${r.imported.linesInFile} lines`, {
          description: `Matched ${r.matched.matched}; ${r.matched.ambiguous} ambiguous and ${r.matched.unmatched} unmatched went to the work queue.`,
        });
        void qc.invalidateQueries({ queryKey: trpc.bank.pathKey() });
      },
      onError: (err) => setRefusal(err.message),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Import a statement</CardTitle>
        <CardDescription>
          CAMT.053 and MT940 name their account; a CSV needs its account (and that account's saved column mapping).
          Lines already imported are skipped.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <FormField label="Statement file">
            <Input
              type="file"
              accept=".xml,.sta,.mt940,.txt,.csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </FormField>
          <FormField label="Account (CSV only)">
            <select
              className="h-9 rounded-md border bg-background px-2 text-sm"
              value={accountId}
              onChange={(e) => setAccountId(e.target.value)}
            >
              <option value="">From the file</option>
              {(accounts.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.identifier})
                </option>
              ))}
            </select>
          </FormField>
          <Button
            disabled={!file || run.isPending}
            onClick={async () =>
              file &&
              run.mutate({
                fileName: file.name,
                contentBase64: await toBase64(file),
                bankAccountId: accountId || undefined,
              })
            }
          >
            {run.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
        {refusal ? (
          <Alert variant="destructive" role="alert">
            <AlertTitle>Not imported</AlertTitle>
            <AlertDescription>{refusal}</AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Register a bank account by its identifier (IBAN or account number) and currency. */
export function NewBankAccount() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = React.useState("");
  const [identifier, setIdentifier] = React.useState("");
  const [currency, setCurrency] = React.useState("USD");
  const create = useMutation(
    trpc.bank.createAccount.mutationOptions({
      onSuccess: (a) => {
        toast.success(`Account ${a.name} added`);
        setName("");
        setIdentifier("");
        void qc.invalidateQueries({ queryKey: trpc.bank.pathKey() });
      },
      onError: (err) => toast.error("Not added", { description: err.message }),
    }),
  );
  return (
    <div className="flex flex-wrap items-end gap-3">
      <FormField label="Name">
        <Input value={name} onChange={(e) => setName(e.target.value)} className="w-48" />
      </FormField>
      <FormField label="IBAN or account number">
        <Input value={identifier} onChange={(e) => setIdentifier(e.target.value)} className="w-64" />
      </FormField>
      <FormField label="Currency">
        <Input
          value={currency}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          maxLength={3}
          className="w-20"
        />
      </FormField>
      <Button
        variant="outline"
        disabled={create.isPending}
        onClick={() => create.mutate({ name, identifier, currency })}
      >
        Add account
      </Button>
    </div>
  );
}
