import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { BankImport, NewBankAccount } from "@/components/bank/bank-import";
import { BankTables } from "@/components/bank/bank-tables";

export const metadata: Metadata = { title: "Bank statements" };

/** Bank accounts, statement import (CAMT.053, MT940, CSV) and the lines matched to payouts and disbursements. */
export default function BankPage() {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Bank statements"
        description="Each line is stored once however often it is imported. Credits are matched to Stripe payouts, debits to disbursements; the rest goes to the work queue."
      />
      <BankImport />
      <Card>
        <CardHeader>
          <CardTitle>Add a bank account</CardTitle>
        </CardHeader>
        <CardContent>
          <NewBankAccount />
        </CardContent>
      </Card>
      <BankTables />
    </div>
  );
}
