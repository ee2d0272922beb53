import type { QboCurrencyPrefs, QboInvoice } from "@/server/integrations/qbo/types";
import { WritebackProblem } from "./writeback-sync";

/**
 * A payment is written back only in the currency QuickBooks keeps the invoice in. Intuit's
 * Payment reference: CurrencyRef is "the currency in which all amounts on the associated
 * transaction are expressed", required when multicurrency is enabled; without multicurrency every
 * transaction is in the home currency (Preferences.CurrencyPrefs.HomeCurrency). QuickBooks does not
 * convert a payment applied to an invoice of another currency, so posting a EUR amount against a
 * USD invoice would book the wrong money. A mismatch is refused before anything is sent.
 */
export function checkWritebackCurrency(
  paymentCurrency: string,
  invoice: Pick<QboInvoice, "Id" | "CurrencyRef">,
  prefs: QboCurrencyPrefs,
  invoiceNumber: string,
): void {
  const ours = paymentCurrency.toUpperCase();
  const home = prefs.HomeCurrency?.value?.toUpperCase();
  // QBO omits CurrencyRef on some single-currency answers: the invoice is then in the home currency.
  const invoiceCurrency = (invoice.CurrencyRef?.value ?? home)?.toUpperCase();
  if (!invoiceCurrency)
    throw new WritebackProblem(
      `QuickBooks reports no currency for invoice ${invoice.Id} nor a home currency; the ${ours} payment for ${invoiceNumber} was not posted. Check the company's currency settings, then retry.`,
      "currency_unknown",
    );
  if (invoiceCurrency !== ours)
    throw new WritebackProblem(
      `Invoice ${invoiceNumber} (QuickBooks invoice ${invoice.Id}) is in ${invoiceCurrency}, but the payment was received in ${ours}; QuickBooks would book it as ${invoiceCurrency} money. Not posted: record it in QuickBooks by hand (with the converted amount), or correct the placement's currency.`,
      "currency_mismatch",
    );
  if (!prefs.MultiCurrencyEnabled && home && ours !== home)
    throw new WritebackProblem(
      `The QuickBooks company's home currency is ${home} and multicurrency is off, so a ${ours} payment cannot be posted. Turn on multicurrency in QuickBooks or record it by hand.`,
      "currency_not_enabled",
    );
}
