"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { dateTime, money } from "./format";
import { StatusBadge } from "./status-badge";

const ROLES = [
  ["clearingAccountId", "clearing", "Collections clearing (the gross we collected for you)"],
  ["feeAccountId", "fee", "Agency fees (expense)"],
  ["bankAccountId", "bank", "Bank account the net arrives in"],
] as const;

/**
 * Settings → Integrations → QuickBooks: where each disbursement's journal entry goes, chosen from
 * the accounts of your own QuickBooks company (admins), and the journal entries written so far.
 */
export function QboJournalSettings({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mapping = useQuery(trpc.qbo.accountMapping.queryOptions());
  const accounts = useQuery({ ...trpc.qbo.accounts.queryOptions(), enabled: isAdmin, retry: false });
  const entries = useQuery(trpc.qbo.journalEntries.queryOptions());
  const [picked, setPicked] = React.useState<Record<string, string>>({});
  const save = useMutation(
    trpc.qbo.saveAccountMapping.mutationOptions({
      onSuccess: () => {
        toast.success("Account mapping saved", {
          description: "The next paid disbursement is written as a journal entry.",
        });
        void qc.invalidateQueries({ queryKey: trpc.qbo.pathKey() });
      },
      onError: (err) => toast.error("Not saved", { description: err.message }),
    }),
  );
  const retry = useMutation(
    trpc.qbo.retryJournalEntry.mutationOptions({ onSuccess: () => toast.success("Retry queued") }),
  );
  const value = (key: (typeof ROLES)[number][0]) => picked[key] ?? mapping.data?.[key] ?? "";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Journal entries of payouts</CardTitle>
        <CardDescription>
          Each payout we send you is written once as a balanced journal entry: the gross leaves collections clearing,
          our fee is your expense, the net arrives in your bank account.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {mapping.data ? (
          <p className="text-sm">
            Clearing: <b>{mapping.data.clearingAccountName}</b> · Fees: <b>{mapping.data.feeAccountName}</b> · Bank:{" "}
            <b>{mapping.data.bankAccountName}</b>
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">No account mapping yet: no journal entries are written.</p>
        )}
        {isAdmin ? (
          accounts.error ? (
            <p className="text-sm text-muted-foreground">{accounts.error.message}</p>
          ) : (
            <div className="flex flex-wrap items-end gap-3">
              {ROLES.map(([key, role, label]) => (
                <FormField key={key} label={label}>
                  <select
                    className="h-9 rounded-md border bg-background px-2 text-sm"
                    value={value(key)}
                    onChange={(e) => setPicked((p) => ({ ...p, [key]: e.target.value }))}
                  >
                    <option value="">Choose…</option>
                    {(accounts.data ?? [])
                      .filter((a) => a.fits.includes(role))
                      .map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name} ({a.type})
                        </option>
                      ))}
                  </select>
                </FormField>
              ))}
              <Button
                disabled={save.isPending || ROLES.some(([k]) => !value(k))}
                onClick={() =>
                  save.mutate({
                    clearingAccountId: value("clearingAccountId"),
                    feeAccountId: value("feeAccountId"),
                    bankAccountId: value("bankAccountId"),
                  })
                }
              >
                Save mapping
              </Button>
            </div>
          )
        ) : null}
        {entries.data?.length ? (
          <div className="overflow-x-auto rounded-lg border">
            <Table aria-label="Journal entries">
              <TableHeader>
                <TableRow>
                  <TableHead>Written</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>QuickBooks entry</TableHead>
                  <TableHead numeric>Amount</TableHead>
                  <TableHead>Message</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.data.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>{dateTime(e.postedAt ?? e.createdAt)}</TableCell>
                    <TableCell>
                      <StatusBadge status={e.status} />
                    </TableCell>
                    <TableCell>{e.qboJournalEntryId ?? "—"}</TableCell>
                    <TableCell numeric>{money(e.amount, e.currency)}</TableCell>
                    <TableCell className="max-w-md">
                      {e.lastError ?? ""}
                      {isAdmin && e.status !== "posted" ? (
                        <Button
                          size="sm"
                          variant="outline"
                          className="ml-2"
                          onClick={() => retry.mutate({ mappingId: e.id })}
                        >
                          Retry
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
