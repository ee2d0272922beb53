/**
 * What QuickBooks refuses in the fields we write, checked before sending so a payment is never
 * refused for its memo. Limits from Finance.xsd (QBO v3 schema, minorversion 75): PaymentRefNum
 * and DocNumber ≤ 21 characters, PrivateNote ≤ 4000 (longer → fault 2050); TxnDate is an xs:date
 * (anything else → fault 2010). The test double enforces the same rules (double/rules.ts).
 */
export const QBO_MAX_LENGTH = { PaymentRefNum: 21, DocNumber: 21, PrivateNote: 4000 } as const;

/** Keep a reference's tail (the unique end of ids like pi_3Nc…) within the field's limit. */
export function fitTail(value: string, max: number): string {
  return value.length > max ? value.slice(-max) : value;
}

/** Keep a note's head (our memo stamp comes first) within the field's limit. */
export function fitHead(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

/** A yyyy-MM-dd calendar date, or a thrown error before anything reaches QuickBooks. */
export function qboDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== value)
    throw new Error(`${JSON.stringify(value)} is not a QuickBooks date (yyyy-MM-dd).`);
  return value;
}
