import { formatMinor } from "@/server/domain/money";

/**
 * TEST FIXTURE: a camt.053.001.08 statement (ISO 20022) with the entries given, its opening and
 * closing balances consistent, as a bank would send it. Used by tests, the e2e journey and
 * `npm run bench:bank`.
 */
export type CamtEntry = { amount: bigint; bookingDate: string; reference: string; text?: string };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function buildCamt053(p: {
  iban: string;
  currency: string;
  opening: bigint;
  entries: CamtEntry[];
  id?: string;
}): string {
  const closing = p.entries.reduce((a, e) => a + e.amount, p.opening);
  const bal = (code: string, amount: bigint, date: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${p.currency}">${formatMinor(amount < 0n ? -amount : amount, p.currency)}</Amt><CdtDbtInd>${amount < 0n ? "DBIT" : "CRDT"}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
  const dates = p.entries.map((e) => e.bookingDate).sort();
  const first = dates[0] ?? "2026-01-01";
  const last = dates.at(-1) ?? first;
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>`,
    `<GrpHdr><MsgId>${esc(p.id ?? `MSG-${first}`)}</MsgId><CreDtTm>${last}T23:00:00Z</CreDtTm></GrpHdr>`,
    `<Stmt><Id>${esc(p.id ?? `STMT-${first}-${last}`)}</Id><Acct><Id><IBAN>${p.iban}</IBAN></Id><Ccy>${p.currency}</Ccy></Acct>`,
    bal("OPBD", p.opening, first),
    bal("CLBD", closing, last),
  ];
  for (const e of p.entries)
    parts.push(
      `\n<Ntry><Amt Ccy="${p.currency}">${formatMinor(e.amount < 0n ? -e.amount : e.amount, p.currency)}</Amt><CdtDbtInd>${e.amount < 0n ? "DBIT" : "CRDT"}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${e.bookingDate}</Dt></BookgDt><ValDt><Dt>${e.bookingDate}</Dt></ValDt><AcctSvcrRef>${esc(e.reference)}</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>${esc(e.text ?? e.reference)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    );
  parts.push(`</Stmt></BkToCstmrStmt></Document>\n`);
  return parts.join("");
}
