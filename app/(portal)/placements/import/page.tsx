import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { isCreditorRole } from "@/server/auth/roles";
import { getSession } from "@/server/auth/session";
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, MAX_CSV_ROWS } from "@/server/services/placements/intake-csv";
import { CsvImport } from "./csv-import";

export const metadata: Metadata = { title: "Place invoices" };

const COLUMN_HELP: Record<string, string> = {
  invoice_number: "your invoice number, unique among your placements",
  invoice_amount: "in the invoice currency, e.g. 1234.56 (no thousands separators)",
  currency: "ISO code such as USD, EUR, GBP, JPY",
  due_date: "YYYY-MM-DD",
  debtor_name: "the person or company that owes the invoice",
  debtor_email: "optional",
  qbo_invoice_id: "optional: the QuickBooks invoice Id, when your books are connected",
};

/** Place invoices in bulk: upload a CSV, check every row, import all of them or none. */
export default async function PlacementImportPage() {
  const user = await getSession();
  if (!user) redirect("/sign-in?callbackUrl=/placements/import");
  if (!isCreditorRole(user.role)) redirect("/");
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Place invoices from a CSV file"
        description="Upload a file, check the preview, then import. Nothing is placed until every row is right."
      />
      <Card>
        <CardHeader>
          <CardTitle>File format</CardTitle>
          <CardDescription>
            One invoice per line, a header line first, up to {MAX_CSV_ROWS.toLocaleString("en-US")} rows and 5 MB. Cells
            are read as text only.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[max-content_1fr]">
            {[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].map((c) => (
              <div key={c} className="contents">
                <dt className="font-mono text-[13px]">{c}</dt>
                <dd className="text-muted-foreground">{COLUMN_HELP[c]}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      <CsvImport columns={[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]} />
    </div>
  );
}
