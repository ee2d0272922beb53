import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { dateTime } from "@/components/portal/format";
import { StatementDownloads } from "@/components/statements/statement-downloads";
import { StatementLinesTable } from "@/components/statements/statement-lines-table";
import { StatementSummary } from "@/components/statements/statement-summary";
import { VersionChanges } from "@/components/statements/version-changes";
import { periodLabel } from "@/server/domain/statement-period";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Statement" };
export const dynamic = "force-dynamic";

async function load(id: string) {
  try {
    return await (await getServerCaller()).statements.byId({ id });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  }
}

/** One statement version: its summary, files (with their SHA-256), every version of the month and its lines. */
export default async function StatementPage({ params }: { params: Promise<{ id: string }> }) {
  const { statement: s, versions, lines, hasMoreLines } = await load((await params).id);
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={<Link href="/statements">Statements</Link>}
        title={`${periodLabel(s.period)} · ${s.number} v${s.version}`}
        description={`Issued ${dateTime(s.issuedAt)}. Period in ${s.timeZone}; ${s.lineCount} line(s), ${s.pageCount} page(s).`}
        actions={<StatementDownloads id={s.id} audience="creditor" />}
      />
      <StatementSummary sections={s.sections} />
      <Card>
        <CardHeader>
          <CardTitle>Files</CardTitle>
          <CardDescription>
            Download links are signed and expire after about ten minutes. The SHA-256 fingerprints let you check a copy
            you were sent.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <p className="break-all">
            PDF SHA-256 <span className="font-mono text-xs">{s.pdfSha256}</span>
          </p>
          <p className="break-all">
            CSV SHA-256 <span className="font-mono text-xs">{s.csvSha256}</span>
          </p>
        </CardContent>
      </Card>
      <section className="grid gap-3" aria-labelledby="versions">
        <h2 id="versions" className="text-base font-semibold">
          Versions of {periodLabel(s.period)}
        </h2>
        <VersionChanges versions={versions} currentId={s.id} hrefFor={(id) => `/statements/${id}`} />
      </section>
      <section className="grid gap-3" aria-labelledby="lines">
        <h2 id="lines" className="text-base font-semibold">
          Lines
        </h2>
        <StatementLinesTable lines={lines} />
        {hasMoreLines ? (
          <p className="text-sm text-muted-foreground">The first 200 lines are shown; the PDF and CSV have them all.</p>
        ) : null}
      </section>
    </div>
  );
}
