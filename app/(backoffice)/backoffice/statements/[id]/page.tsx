import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "@/components/ui/page-header";
import { dateTime } from "@/components/portal/format";
import { StatementDownloads } from "@/components/statements/statement-downloads";
import { StatementSummary } from "@/components/statements/statement-summary";
import { VersionChanges } from "@/components/statements/version-changes";
import { getSession } from "@/server/auth/session";
import { periodLabel } from "@/server/domain/statement-period";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Statement" };
export const dynamic = "force-dynamic";

/** One issued statement version as finance sees it: creditor, summary, every version and what changed. */
export default async function BackofficeStatementPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await getSession();
  if (user?.role !== "finance" && user?.role !== "admin") redirect("/backoffice");
  const caller = await getServerCaller();
  const data = await caller.statements.staffById({ id: (await params).id }).catch((err: unknown) => {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  });
  const s = data.statement;
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={<Link href={`/backoffice/statements?period=${s.period}`}>Statements · {s.period}</Link>}
        title={`${s.creditorName} · ${s.number} v${s.version}`}
        description={`${periodLabel(s.period)} (${s.timeZone}), issued ${dateTime(s.issuedAt)} by ${s.issuedBy}; ${s.lineCount} line(s), ${s.pageCount} page(s). PDF SHA-256 ${s.pdfSha256}.`}
        actions={<StatementDownloads id={s.id} audience="staff" />}
      />
      <StatementSummary sections={s.sections} />
      <VersionChanges versions={data.versions} currentId={s.id} hrefFor={(id) => `/backoffice/statements/${id}`} />
    </div>
  );
}
