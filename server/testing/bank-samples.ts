import fs from "node:fs";
import path from "node:path";
import type { CsvMapping } from "@/db/schema";

/**
 * TEST FIXTURES: the real bank statement files in the shared samples folder (read from there,
 * never copied into the repository). Tests skip with a clear message when the folder is absent.
 */
export const BANK_SAMPLES = path.resolve(process.cwd(), "../shared/samples/bank");
export const hasBankSamples = fs.existsSync(BANK_SAMPLES);
export const SKIP_REASON = `the shared bank samples are not at ${BANK_SAMPLES}; these tests read the real files from there`;

export const bankSample = (name: string) => new Uint8Array(fs.readFileSync(path.join(BANK_SAMPLES, name)));

/** Column mappings for the sample CSV exports, as a person would save them. */
export const SAMPLE_CSV_MAPPINGS: Record<string, { currency: string; mapping: CsvMapping }> = {
  "csv-ing-de.csv": {
    currency: "EUR",
    mapping: {
      delimiter: ";",
      encoding: "windows-1252",
      skipLines: 13,
      dateColumn: "Buchung",
      dateFormat: "DD.MM.YYYY",
      valueDateColumn: "Wertstellungsdatum",
      amountColumn: "Betrag",
      decimalSeparator: ",",
      referenceColumn: "Verwendungszweck",
      counterpartyColumn: "Auftraggeber/Empfänger",
      descriptionColumn: "Buchungstext",
      balanceColumn: "Saldo",
    },
  },
  "csv-lloyds-uk.csv": {
    currency: "GBP",
    mapping: {
      delimiter: ",",
      encoding: "utf-8",
      skipLines: 0,
      dateColumn: "Transaction Date",
      dateFormat: "DD/MM/YYYY",
      debitColumn: "Debit Amount",
      creditColumn: "Credit Amount",
      decimalSeparator: ".",
      descriptionColumn: "Transaction Description",
      balanceColumn: "Balance",
    },
  },
  "csv-easybank-at.csv": {
    currency: "EUR",
    mapping: {
      delimiter: ";",
      encoding: "windows-1252",
      skipLines: 0,
      dateColumn: "#3",
      valueDateColumn: "#4",
      dateFormat: "DD.MM.YYYY",
      amountColumn: "#5",
      decimalSeparator: ",",
      descriptionColumn: "#2",
    },
  },
  "csv-ingdiba-at.csv": {
    currency: "EUR",
    mapping: {
      delimiter: ";",
      encoding: "windows-1252",
      skipLines: 0,
      dateColumn: "Datum",
      dateFormat: "DD.MM.YYYY",
      debitColumn: "Soll",
      creditColumn: "Haben",
      decimalSeparator: ",",
      descriptionColumn: "Text",
    },
  },
};
