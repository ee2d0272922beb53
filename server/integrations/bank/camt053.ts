import { XMLParser, XMLValidator } from "fast-xml-parser";
import { formatMinor, isCurrencyCode } from "@/server/domain/money";
import { BankFileError, bankAmount, normaliseAccount, type ParsedLine, type ParsedStatement } from "./types";

/**
 * ISO 20022 camt.053 (Bank-to-Customer Statement), versions 02 to 10, read with fast-xml-parser.
 * One bank line per booked entry (`Ntry`): a batched entry holding several transaction details is
 * one movement on the account, so it is one line (its details joined in the description).
 * CdtDbtInd gives the sign; RvslInd only marks a reversal and never flips it. Entries whose status
 * is not booked (PDNG, INFO) are left out; balances: opening OPBD (or PRCD), closing CLBD.
 */
type X = Record<string, unknown>;
const ARRAYS = new Set(["Stmt", "Ntry", "Bal", "NtryDtls", "TxDtls", "Ustrd", "AddtlNtryInf"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name) => ARRAYS.has(name),
});

const arr = (v: unknown): X[] => (Array.isArray(v) ? (v as X[]) : v === undefined ? [] : [v as X]);
const obj = (v: unknown): X => (v && typeof v === "object" ? (v as X) : {});
const text = (v: unknown): string =>
  typeof v === "string" ? v : v && typeof v === "object" && "#text" in v ? String((v as X)["#text"]) : "";
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const dateOf = (v: unknown): string | null => {
  const d = obj(v);
  const t = text(d.Dt) || text(d.DtTm);
  return t ? t.slice(0, 10) : null;
};

/** 1-based line of the n-th (0-based) `<tag>` element in the raw text, for messages. */
function lineIndex(raw: string, tag: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`<(?:[\\w-]+:)?${tag}[\\s>]`, "g");
  let line = 1;
  let from = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    for (let i = from; i < m.index; i++) if (raw.charCodeAt(i) === 10) line++;
    from = m.index;
    out.push(line);
  }
  return out;
}

function money(el: X, where: number, fallbackCcy: string, isBalance = false): { amount: bigint; currency: string } {
  const amt = obj(el.Amt);
  const currency = String(amt["@Ccy"] ?? fallbackCcy);
  if (!isCurrencyCode(currency)) throw new BankFileError(where, `unsupported currency ${currency}`);
  let amount: bigint;
  try {
    amount = bankAmount(text(el.Amt), currency, ".");
  } catch (err) {
    throw new BankFileError(where, err instanceof Error ? err.message : String(err));
  }
  // Some banks leave the indicator off balances (a v08 Lithuanian export): a balance without one is a credit.
  const ind = text(el.CdtDbtInd) || (isBalance ? "CRDT" : "");
  if (ind !== "CRDT" && ind !== "DBIT") throw new BankFileError(where, `CdtDbtInd must be CRDT or DBIT, got "${ind}"`);
  return { amount: ind === "DBIT" ? -amount : amount, currency };
}

function entryLine(e: X, ccy: string, fallbackDate: string | null, line: number): ParsedLine {
  const { amount, currency } = money(e, line, ccy);
  const txs = arr(obj(e.NtryDtls).TxDtls).concat(arr(e.NtryDtls).flatMap((d) => arr(d.TxDtls)));
  const details = [...new Set(txs)];
  const ustrd = details.flatMap((t) => arr(obj(t.RmtInf).Ustrd).map(text));
  const info = [...arr(e.AddtlNtryInf).map(text), ...details.map((t) => text(t.AddtlTxInf))];
  const e2e = details.map((t) => text(obj(t.Refs).EndToEndId)).find((r) => r && r !== "NOTPROVIDED") ?? "";
  const parties = details.map((t) => obj(t.RltdPties))[0] ?? {};
  const party = amount >= 0n ? obj(parties.Dbtr) : obj(parties.Cdtr);
  const bookingDate = dateOf(e.BookgDt) ?? dateOf(e.ValDt) ?? fallbackDate;
  if (!bookingDate)
    throw new BankFileError(line, "the entry has no booking date (BookgDt) and the statement no dated balance");
  return {
    bookingDate,
    valueDate: dateOf(e.ValDt),
    amount,
    currency,
    reference: text(e.AcctSvcrRef) || text(e.NtryRef) || e2e,
    description: squash([...ustrd, ...info].join(" ")),
    counterparty: squash(text(party.Nm) || text(obj(party.Pty).Nm)) || null,
    fileLine: line,
  };
}

/** Parse a camt.053 file; refuses it whole (with the line) if it is not well-formed or a statement does not reconcile. */
export function parseCamt053(raw: string): ParsedStatement[] {
  const valid = XMLValidator.validate(raw);
  if (valid !== true) throw new BankFileError(valid.err.line, `not well-formed XML: ${valid.err.msg}`);
  const doc = obj(parser.parse(raw));
  const root = obj(obj(doc.Document).BkToCstmrStmt);
  const stmts = arr(root.Stmt);
  if (!stmts.length) throw new BankFileError(null, "not a camt.053 statement (no Document/BkToCstmrStmt/Stmt)");
  const stmtLines = lineIndex(raw, "Stmt");
  const entryLines = lineIndex(raw, "Ntry");
  let entryNo = 0;
  return stmts.map((s, i) => {
    const at = stmtLines[i] ?? null;
    const id = text(s.Id) || `#${i + 1}`;
    const acct = obj(obj(s.Acct).Id);
    const account = text(acct.IBAN) || text(obj(acct.Othr).Id);
    const bals = arr(s.Bal).map((b) => ({ code: text(obj(obj(b.Tp).CdOrPrtry).Cd), b }));
    const ccy = text(obj(s.Acct).Ccy) || String(obj(bals[0]?.b.Amt)["@Ccy"] ?? "");
    if (!isCurrencyCode(ccy)) throw new BankFileError(at, `statement ${id}: unsupported or missing currency "${ccy}"`);
    const opening = bals.find((x) => x.code === "OPBD" || x.code === "PRCD");
    const closing = bals.find((x) => x.code === "CLBD");
    if (!opening || !closing)
      throw new BankFileError(
        at,
        `statement ${id} has no ${opening ? "closing (CLBD)" : "opening (OPBD/PRCD)"} balance, so it cannot be reconciled`,
      );
    const open = money(opening.b, at ?? 0, ccy, true).amount;
    const close = money(closing.b, at ?? 0, ccy, true).amount;
    const fallbackDate = dateOf(closing.b.Dt);
    const lines: ParsedLine[] = [];
    for (const e of arr(s.Ntry)) {
      const line = entryLines[entryNo++] ?? at ?? 0;
      const status = text(e.Sts) || text(obj(e.Sts).Cd);
      if (status && status !== "BOOK") continue;
      const l = entryLine(e, ccy, fallbackDate, line);
      if (l.currency !== ccy) throw new BankFileError(line, `entry in ${l.currency} on a ${ccy} statement`);
      lines.push(l);
    }
    const declared = text(obj(obj(s.TxsSummry).TtlNtries).NbOfNtries);
    if (declared && Number(declared) !== arr(s.Ntry).length)
      throw new BankFileError(at, `statement ${id} says it holds ${declared} entries but holds ${arr(s.Ntry).length}`);
    const sum = lines.reduce((a, l) => a + l.amount, 0n);
    if (open + sum !== close)
      throw new BankFileError(
        at,
        `statement ${id} does not reconcile: opening ${formatMinor(open, ccy)} + entries ${formatMinor(sum, ccy)} = ${formatMinor(open + sum, ccy)}, but the closing balance is ${formatMinor(close, ccy)} ${ccy}`,
      );
    return {
      id,
      account: account ? normaliseAccount(account) : null,
      currency: ccy,
      opening: open,
      closing: close,
      lines,
    };
  });
}
