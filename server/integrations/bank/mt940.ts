import { formatMinor, isCurrencyCode } from "@/server/domain/money";
import { BankFileError, bankAmount, normaliseAccount, type ParsedLine, type ParsedStatement } from "./types";

/**
 * SWIFT MT940 customer statements, as banks actually write them: with or without the
 * `{1:}{2:}{4:` envelope and `-}` trailer, free header lines (`ABNANL2A`, `940`, `:940:`), several
 * statements per file with or without `-` separators, `RC`/`RD` reversal marks and a funds-code
 * letter after the mark, missing entry dates (spaces), `:86:` details over several lines and
 * repeated, and `:NS:` bank-specific blocks (ignored). A small parser of our own: the npm parsers
 * tried refused half of the real files here (bunq, Rabobank, Citi, Sberbank) and read amounts as
 * floating point. Field layout per SWIFT MT940 (tags 20, 25, 28C, 60F/M, 61, 86, 62F/M).
 */
type Tag = { tag: string; value: string; line: number };

const TAG = /^:(\d{2}[A-Z]?|NS):(.*)$/;
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]*)$/;
const LINE61 = /^(\d{6})(\d{4})?\s*(RC|RD|C|D)([A-Z])?(\d[\d,]*)([NSF])(.{3})(.*)$/;

function tagsOf(text: string): Tag[] {
  const tags: Tag[] = [];
  let current: Tag | null = null;
  text.split("\n").forEach((raw, i) => {
    let line = raw;
    // SWIFT envelope: `{1:…}{2:…}{3:}{4:` opens a message, `-}` (maybe with `{5:…}`) closes it.
    if (/^\{1:/.test(line)) {
      current = null;
      line = line.replace(/^(\{\d:[^{}]*\})*\{4:/, "");
      if (!line.trim()) return;
    }
    if (/^-\}?/.test(line) && (line.trim() === "-" || line.startsWith("-}"))) {
      current = null;
      return;
    }
    const m = TAG.exec(line);
    if (m) {
      current = { tag: m[1]!, value: m[2]!, line: i + 1 };
      tags.push(current);
    } else if (current) current.value += `\n${line}`;
  });
  return tags;
}

const date6 = (s: string) =>
  `${Number(s.slice(0, 2)) < 80 ? "20" : "19"}${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}`;

function balanceOf(t: Tag) {
  const m = BALANCE.exec(t.value.split("\n")[0]!.trim());
  if (!m) throw new BankFileError(t.line, `:${t.tag}: is not a balance (mark, YYMMDD date, currency, amount)`);
  const currency = m[3]!;
  if (!isCurrencyCode(currency)) throw new BankFileError(t.line, `unsupported currency ${currency}`);
  const amount = amountAt(t, m[4]!, currency);
  return { currency, amount: m[1] === "D" ? -amount : amount, date: date6(m[2]!) };
}

function amountAt(t: Tag, text: string, currency: string): bigint {
  try {
    return bankAmount(text, currency, ",");
  } catch (err) {
    throw new BankFileError(t.line, err instanceof Error ? err.message : String(err));
  }
}

/** The entry date (MMDD) next to a value date, in the year that puts them closest. */
function entryDate(valueDate: string, mmdd: string): string {
  const y = Number(valueDate.slice(0, 4));
  const vm = Number(valueDate.slice(5, 7));
  const em = Number(mmdd.slice(0, 2));
  const year = vm === 12 && em === 1 ? y + 1 : vm === 1 && em === 12 ? y - 1 : y;
  return `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`;
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

function counterpartyOf(details: string): string | null {
  const named = /\/NAME\/([^/]+)/.exec(details) ?? /\?32([^?]+)/.exec(details);
  return named ? squash(named[1]!) : null;
}

function lineOf(t: Tag, currency: string): ParsedLine {
  const [first = "", ...rest] = t.value.split("\n");
  const m = LINE61.exec(first.trimEnd());
  if (!m) throw new BankFileError(t.line, `:61: is not a statement line (${first.slice(0, 40)})`);
  const [, vd, ed, mark, , amountText, typeId, typeCode, tail] = m;
  const valueDate = date6(vd!);
  const amount = amountAt(t, amountText!, currency);
  // A line without a transaction type (solarisBank/Penta) reads as type "N" + "ONR" + "EF…": undo that.
  const refs = `${typeId}${typeCode}${tail}`.startsWith("NONREF") ? `${typeId}${typeCode}${tail}` : tail!;
  const [customerRef = "", bankRef = ""] = refs.split("//");
  const useful = (s: string) => (s.trim() && s.trim().toUpperCase() !== "NONREF" ? s.trim() : "");
  return {
    bookingDate: ed ? entryDate(valueDate, ed) : valueDate,
    valueDate,
    amount: mark === "C" || mark === "RD" ? amount : -amount,
    currency,
    reference: useful(bankRef) || useful(customerRef),
    description: squash(rest.join(" ")),
    counterparty: null,
    fileLine: t.line,
  };
}

/** Parse an MT940 file; refuses it whole (with the line) if any statement is malformed or does not reconcile. */
export function parseMt940(text: string): ParsedStatement[] {
  const statements: Array<ParsedStatement & { openLine: number; closeLine: number | null }> = [];
  let s: (typeof statements)[number] | null = null;
  let last: ParsedLine | null = null;
  for (const t of tagsOf(text)) {
    if (t.tag === "20") {
      if (s && s.closeLine === null)
        throw new BankFileError(s.openLine, `statement ${s.id} has no closing balance (:62F:)`);
      s = {
        id: t.value.trim(),
        account: null,
        currency: "",
        opening: null,
        closing: null,
        lines: [],
        openLine: t.line,
        closeLine: null,
      };
      statements.push(s);
      last = null;
      continue;
    }
    if (!s) throw new BankFileError(t.line, `:${t.tag}: before the statement's :20: reference`);
    if (t.tag === "25") {
      // Some banks append the currency to the account (`NL68INGB0000012345EUR`, `… EUR`).
      const acct = normaliseAccount(t.value.split("\n")[0]!);
      s.account = /\d[A-Z]{3}$/.test(acct) && isCurrencyCode(acct.slice(-3)) ? acct.slice(0, -3) : acct;
    } else if (t.tag === "28" || t.tag === "28C") s.id = `${s.id}/${t.value.trim()}`;
    else if (t.tag === "60F" || t.tag === "60M") {
      const b = balanceOf(t);
      s.currency = b.currency;
      s.opening = b.amount;
    } else if (t.tag === "61") {
      if (!s.currency) throw new BankFileError(t.line, ":61: before the opening balance (:60F:)");
      last = lineOf(t, s.currency);
      s.lines.push(last);
    } else if (t.tag === "86") {
      if (last) {
        last.description = squash(`${last.description} ${t.value}`);
        last.counterparty ??= counterpartyOf(t.value);
      }
    } else if (t.tag === "62F" || t.tag === "62M") {
      const b = balanceOf(t);
      if (s.currency && b.currency !== s.currency)
        throw new BankFileError(t.line, `closing balance in ${b.currency}, opening in ${s.currency}`);
      s.closing = b.amount;
      s.closeLine = t.line;
      last = null;
    }
  }
  if (!statements.length) throw new BankFileError(null, "no MT940 statement found (no :20: tag)");
  for (const st of statements) {
    if (st.closeLine === null || st.closing === null)
      throw new BankFileError(st.openLine, `statement ${st.id} has no closing balance (:62F:)`);
    if (st.opening === null) throw new BankFileError(st.openLine, `statement ${st.id} has no opening balance (:60F:)`);
    if (!st.account) throw new BankFileError(st.openLine, `statement ${st.id} names no account (:25:)`);
    const sum = st.lines.reduce((a, l) => a + l.amount, 0n);
    if (st.opening + sum !== st.closing)
      throw new BankFileError(
        st.closeLine,
        `statement ${st.id} does not reconcile: opening ${formatMinor(st.opening, st.currency)} + lines ${formatMinor(sum, st.currency)} = ${formatMinor(st.opening + sum, st.currency)}, but the closing balance is ${formatMinor(st.closing, st.currency)} ${st.currency}`,
      );
  }
  return statements.map(({ openLine: _o, closeLine: _c, ...rest }) => rest);
}
