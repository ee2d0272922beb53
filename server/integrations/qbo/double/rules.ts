/**
 * TEST DOUBLE — NOT QuickBooks. The field rules QuickBooks enforces on what Clearbook writes, with
 * QBO's own fault codes, so the double refuses exactly what QBO refuses (and nothing more). Every
 * rule is listed with its Intuit source in ../README.md.
 *  - Lengths (Finance.xsd, the QBO v3 schema, minorversion 75): PaymentRefNum and DocNumber are
 *    `xs:string` max 21, PrivateNote max 4000. Too long → HTTP 400 ValidationFault code 2050
 *    "String length is either shorter or longer than supported by specification", `element` = field.
 *  - Dates: TxnDate is `xs:date` (yyyy-MM-dd, optionally with a zone). Anything else → HTTP 400
 *    ValidationFault code 2010 "Request has invalid or unsupported property".
 */
import { DoubleFault } from "./store";

export const MAX_LENGTH = { PaymentRefNum: 21, DocNumber: 21, PrivateNote: 4000 } as const;

/** 2050 when a string field is longer than Finance.xsd allows. */
export function checkLength(field: keyof typeof MAX_LENGTH, value: unknown): void {
  if (typeof value !== "string") return;
  const max = MAX_LENGTH[field];
  if (value.length <= max) return;
  throw new DoubleFault(
    "2050",
    "String length is either shorter or longer than supported by specification",
    `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length:${value.length}`,
    400,
    field,
  );
}

const XS_DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** 2010 when a date field is not an xs:date. Absent is fine (QBO defaults TxnDate to today). */
export function checkDate(field: string, value: unknown): void {
  if (value === undefined) return;
  const m = typeof value === "string" ? XS_DATE.exec(value) : null;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const real = m && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d && mo >= 1 && mo <= 12;
  if (real) return;
  throw new DoubleFault(
    "2010",
    "Request has invalid or unsupported property",
    `Property Name:${field} specified is unsupported or invalid: ${JSON.stringify(value)} is not a date (yyyy-MM-dd)`,
    400,
    field,
  );
}
