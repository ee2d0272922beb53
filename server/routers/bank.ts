import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { AppError, notFound } from "@/server/errors";
import { CSV_DATE_FORMATS } from "@/server/integrations/bank/csv";
import { createBankAccount, listBankAccounts, saveCsvMapping } from "@/server/services/bank/accounts";
import { MAX_BANK_FILE_BYTES, importBankFile } from "@/server/services/bank/import";
import { runBankMatching } from "@/server/services/bank/matching";
import { listBankImports, listBankLines, paymentDetail } from "@/server/services/queries/bank";
import { cashOverview } from "@/server/services/queries/cash-truth";
import { staffProcedure } from "@/server/trpc/init";

const column = z.string().trim().min(1).max(100).optional();
const csvMapping = z.object({
  delimiter: z.enum([",", ";", "\t", "|"]),
  encoding: z.enum(["utf-8", "windows-1252"]),
  skipLines: z.number().int().min(0).max(100),
  dateColumn: z.string().trim().min(1).max(100),
  dateFormat: z.string().refine((f) => CSV_DATE_FORMATS.includes(f), `one of ${CSV_DATE_FORMATS.join(", ")}`),
  valueDateColumn: column,
  amountColumn: column,
  debitColumn: column,
  creditColumn: column,
  decimalSeparator: z.enum([".", ","]),
  referenceColumn: column,
  descriptionColumn: column,
  counterpartyColumn: column,
  balanceColumn: column,
});

/** Bank accounts, statement import and matching, and the cash-truth views (agency staff). */
export const bankRouter = {
  /** The agency's bank accounts with their CSV mappings. */
  accounts: staffProcedure().query(({ ctx }) => listBankAccounts(ctx.db)),

  /** Register a bank account (IBAN or account number as its files write it). */
  createAccount: staffProcedure("finance", "admin")
    .input(
      z.object({
        name: z.string().trim().min(2).max(100),
        identifier: z.string().trim().min(4).max(60),
        currency: z.string().length(3),
        csvMapping: csvMapping.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createBankAccount(ctx.db, input, ctx.actor)),

  /** Save how this account's CSV exports are read. */
  saveMapping: staffProcedure("finance", "admin")
    .input(z.object({ bankAccountId: z.uuid(), mapping: csvMapping }))
    .mutation(({ ctx, input }) => saveCsvMapping(ctx.db, input, ctx.actor)),

  /** Import a statement file (CAMT.053, MT940, or CSV with the account chosen), then match what it holds. */
  import: staffProcedure("finance", "admin")
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(255),
        contentBase64: z.string().max(Math.ceil((MAX_BANK_FILE_BYTES * 4) / 3) + 4),
        bankAccountId: z.uuid().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const bytes = new Uint8Array(Buffer.from(input.contentBase64, "base64"));
      if (!bytes.byteLength) throw new AppError("BAD_REQUEST", "The file is empty.");
      const imported = await importBankFile(
        ctx.db,
        { fileName: input.fileName, bytes, bankAccountId: input.bankAccountId },
        ctx.actor,
      );
      const matched = await runBankMatching(ctx.db, ctx.actor);
      return { imported, matched };
    }),

  /** Run matching again over every unmatched line (after payouts or disbursements arrived). */
  match: staffProcedure("finance", "admin").mutation(({ ctx }) => runBankMatching(ctx.db, ctx.actor)),

  /** Recent imports. */
  imports: staffProcedure().query(({ ctx }) => listBankImports(ctx.db)),

  /** Statement lines with their matches. */
  lines: staffProcedure()
    .input(z.object({ bankAccountId: z.uuid().optional(), unmatched: z.boolean().optional() }).default({}))
    .query(({ ctx, input }) => listBankLines(ctx.db, input)),

  /** Collected money not yet bank-confirmed, by currency and age. */
  cashOverview: staffProcedure().query(({ ctx }) => cashOverview(ctx.db)),

  /** One payment with its remittance rows and its cash truth. */
  payment: staffProcedure()
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => (await paymentDetail(ctx.db, input.id)) ?? Promise.reject(notFound("payment"))),
} satisfies TRPCRouterRecord;
