import { parseDecimalToMinor } from "@/server/domain/money";

/**
 * Bank statement files (CAMT.053, MT940, CSV) read into one shape. Transport only: this folder
 * parses and checks the file itself (syntax, balances); storing and matching is the bank service's.
 */
/** How a CSV export of one bank account is read (saved per account, reused at every import). */
export type CsvMapping = {
  delimiter: string;
  /** "utf-8" or "windows-1252". */
  encoding: "utf-8" | "windows-1252";
  /** Lines to skip before the header row. */
  skipLines: number;
  dateColumn: string;
  /** "YYYY-MM-DD", "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY". */
  dateFormat: string;
  valueDateColumn?: string;
  /** One signed amount column, or a debit and a credit column. */
  amountColumn?: string;
  debitColumn?: string;
  creditColumn?: string;
  decimalSeparator: "." | ",";
  referenceColumn?: string;
  descriptionColumn?: string;
  counterpartyColumn?: string;
  /** Running balance after the line, when the bank exports one (used to reconcile). */
  balanceColumn?: string;
};

export type ParsedLine = {
  bookingDate: string;
  valueDate: string | null;
  /** Signed minor units: credit (money in) positive, debit negative. */
  amount: bigint;
  currency: string;
  /** The most stable identifier the bank gives the line (see each format). */
  reference: string;
  description: string;
  counterparty: string | null;
  /** 1-based line of the file where the line starts, for messages. */
  fileLine: number;
};

export type ParsedStatement = {
  /** The statement's own id (CAMT Stmt/Id, MT940 :20:/:28C:). */
  id: string;
  /** IBAN or account number, spaces removed, upper case. */
  account: string | null;
  currency: string;
  opening: bigint | null;
  closing: bigint | null;
  lines: ParsedLine[];
};

/** A file refused whole: where and why. Nothing of it is imported. */
export class BankFileError extends Error {
  override readonly name = "BankFileError";
  constructor(
    readonly fileLine: number | null,
    readonly reason: string,
  ) {
    super(fileLine ? `line ${fileLine}: ${reason}` : reason);
  }
}

/** Normalise an account identifier as files write it ("DE12 3456…", "nl10bunq…"). */
export const normaliseAccount = (s: string) => s.replace(/\s+/g, "").toUpperCase();

/**
 * A bank's decimal text ("1.001,00", "+1,23", "2,", "000000017431,67") → minor units, exact. Throws
 * an Error naming the text when it is not a number with at most the currency's decimals.
 */
export function bankAmount(text: string, currency: string, decimal: "." | ","): bigint {
  let t = text.trim().replace(/\s+/g, "");
  t = decimal === "," ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  if (t.endsWith(".")) t = t.slice(0, -1);
  if (t.startsWith(".")) t = `0${t}`;
  return parseDecimalToMinor(t, currency);
}

/** Bytes of a bank file → text: UTF-8 (BOM dropped) when valid, else Windows-1252 (German and Austrian exports). */
export function decodeBankFile(bytes: Uint8Array, encoding?: "utf-8" | "windows-1252"): string {
  let text: string;
  if (encoding === "windows-1252") text = new TextDecoder("windows-1252").decode(bytes);
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      if (encoding === "utf-8") throw new BankFileError(null, "the file is not valid UTF-8 as its mapping says");
      text = new TextDecoder("windows-1252").decode(bytes);
    }
  }
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}
