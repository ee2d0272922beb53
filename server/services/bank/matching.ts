import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankLines, bankMatches, disbursements, stripePayouts, workItems } from "@/db/schema";
import { type Candidate, type MatchDecision, matchBankLines } from "@/server/domain/bank-matching";
import { formatMinor } from "@/server/domain/money";
import type { Actor } from "@/server/domain/actor";
import { jsonSafe, recordAudit, recordAudits } from "../audit/record";
import { workItemRow } from "../work-items/open";

/**
 * Match every bank line not yet matched against the Stripe payouts and disbursements not yet
 * confirmed (rules and ambiguity guard in server/domain/bank-matching.ts). A match is stored with
 * its rule and evidence (append-only); a disbursement it proves becomes bank-confirmed; an
 * ambiguous or unmatched line is an operator's work item (one per line).
 */
export type MatchSummary = {
  lines: number;
  matched: number;
  ambiguous: number;
  unmatched: number;
  byRule: Record<string, number>;
};

const CHUNK = 5_000;

export async function runBankMatching(
  db: Db,
  actor: Actor,
  opts: { bankAccountId?: string } = {},
): Promise<MatchSummary> {
  const lines = await db
    .select({
      id: bankLines.id,
      bookingDate: bankLines.bookingDate,
      amount: bankLines.amount,
      currency: bankLines.currency,
      reference: bankLines.reference,
      description: bankLines.description,
    })
    .from(bankLines)
    .leftJoin(bankMatches, eq(bankMatches.bankLineId, bankLines.id))
    .where(
      and(isNull(bankMatches.id), opts.bankAccountId ? eq(bankLines.bankAccountId, opts.bankAccountId) : undefined),
    );
  const payouts = await db
    .select({
      id: stripePayouts.id,
      amount: stripePayouts.amount,
      currency: stripePayouts.currency,
      date: stripePayouts.arrivalDate,
    })
    .from(stripePayouts)
    .where(
      and(
        eq(stripePayouts.status, "paid"),
        sql`not exists (select 1 from ${bankMatches} m where m.subject_type = 'payout' and m.subject_id = ${stripePayouts.id})`,
      ),
    );
  const outgoing = await db
    .select({
      id: disbursements.id,
      amount: disbursements.amount,
      currency: disbursements.currency,
      at: sql<string>`to_char(coalesce(${disbursements.sentAt}, ${disbursements.paidAt}, ${disbursements.approvedAt}) at time zone 'UTC', 'YYYY-MM-DD')`,
      transferId: disbursements.stripeTransferId,
      ach: disbursements.achReference,
    })
    .from(disbursements)
    .where(inArray(disbursements.status, ["sent", "paid"]));
  const candidates: Candidate[] = [
    ...payouts.map((p): Candidate => ({
      kind: "payout",
      id: p.id,
      amount: p.amount,
      currency: p.currency,
      date: p.date,
      references: [p.id],
    })),
    ...outgoing.map((d): Candidate => ({
      kind: "disbursement",
      id: d.id,
      amount: d.amount,
      currency: d.currency,
      date: d.at,
      references: [d.id, d.transferId, d.ach].filter((r): r is string => Boolean(r)),
    })),
  ];
  const decisions = matchBankLines(lines, candidates);
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const summary: MatchSummary = { lines: lines.length, matched: 0, ambiguous: 0, unmatched: 0, byRule: {} };
  const now = new Date();
  const evidenceOf = (d: Extract<MatchDecision, { outcome: "matched" }>) => {
    const l = lineById.get(d.lineId)!;
    return jsonSafe({
      rule: d.rule,
      rulePath: d.rulePath,
      line: {
        bookingDate: l.bookingDate,
        amount: l.amount,
        currency: l.currency,
        reference: l.reference,
        description: l.description.slice(0, 200),
      },
      subject: { kind: d.candidate.kind, id: d.candidate.id, amount: d.candidate.amount, date: d.candidate.date },
    });
  };
  const matched = decisions.filter((d): d is Extract<MatchDecision, { outcome: "matched" }> => d.outcome === "matched");
  await db.transaction(async (tx) => {
    for (let i = 0; i < matched.length; i += CHUNK) {
      const part = matched.slice(i, i + CHUNK);
      await tx
        .insert(bankMatches)
        .values(
          part.map((d) => ({
            bankLineId: d.lineId,
            subjectType: d.candidate.kind,
            subjectId: d.candidate.id,
            rule: d.rule,
            evidence: evidenceOf(d),
            matchedBy: `${actor.type}:${actor.id}`,
          })),
        )
        .onConflictDoNothing();
      const confirmed = part.filter((d) => d.candidate.kind === "disbursement").map((d) => d.candidate.id);
      if (confirmed.length) {
        const rows = await tx
          .update(disbursements)
          .set({ status: "bank_confirmed", bankConfirmedAt: now, updatedAt: now })
          .where(and(inArray(disbursements.id, confirmed), inArray(disbursements.status, ["sent", "paid"])))
          .returning({
            id: disbursements.id,
            creditorId: disbursements.creditorId,
            amount: disbursements.amount,
            currency: disbursements.currency,
          });
        await recordAudits(
          tx,
          rows.map((r) => ({
            actor,
            action: "disbursement.bank_confirmed",
            category: "payments" as const,
            creditorId: r.creditorId,
            targetType: "disbursement",
            targetId: r.id,
            details: {
              amount: r.amount,
              currency: r.currency,
              bankLineId: part.find((d) => d.candidate.id === r.id)?.lineId,
            },
          })),
        );
      }
    }
    for (const d of matched) summary.byRule[d.rule] = (summary.byRule[d.rule] ?? 0) + 1;
    summary.matched = matched.length;
    const open = decisions.filter((d) => d.outcome !== "matched");
    for (let i = 0; i < open.length; i += CHUNK)
      await tx
        .insert(workItems)
        .values(
          open.slice(i, i + CHUNK).map((d) => {
            const l = lineById.get(d.lineId)!;
            const what = `${l.amount < 0n ? "Debit" : "Credit"} of ${formatMinor(l.amount < 0n ? -l.amount : l.amount, l.currency)} ${l.currency} on ${l.bookingDate}`;
            return workItemRow(
              d.outcome === "ambiguous"
                ? {
                    kind: "bank_match_ambiguous" as const,
                    subjectType: "bank_line",
                    subjectId: d.lineId,
                    title: `${what} fits ${d.candidates.length} ${d.candidates.length === 1 ? "subject that another line also fits" : "subjects"} (${d.rule})`,
                    nextAction:
                      "Compare the candidates with the bank line and match it by hand; nothing was matched automatically.",
                    evidence: { rulePath: d.rulePath, rule: d.rule, line: l, candidates: d.candidates },
                    dedupeKey: `bank-line:${d.lineId}`,
                  }
                : {
                    kind: "bank_line_unmatched" as const,
                    subjectType: "bank_line",
                    subjectId: d.lineId,
                    title: `${what} matches no payout or disbursement`,
                    nextAction:
                      "Find what this money is (a payout not yet reported, a manual payment, a bank fee) and record it.",
                    evidence: { rulePath: d.rulePath, line: l },
                    dedupeKey: `bank-line:${d.lineId}`,
                  },
            );
          }),
        )
        .onConflictDoNothing({ target: workItems.dedupeKey });
    summary.ambiguous = open.filter((d) => d.outcome === "ambiguous").length;
    summary.unmatched = open.length - summary.ambiguous;
    await recordAudit(tx, {
      actor,
      action: "bank.matching_run",
      category: "payments",
      targetType: "bank_account",
      targetId: opts.bankAccountId ?? "all",
      details: { ...summary },
    });
  });
  return summary;
}
