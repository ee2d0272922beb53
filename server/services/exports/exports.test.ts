import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { exports, outbox, statements } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { recordReversal } from "@/server/services/reversals/reversals";
import { listRemittancePage } from "@/server/services/queries/remittance-list";
import { disburseNow } from "@/server/testing/disburse";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { countingFiles } from "@/server/testing/counting-files";
import { renderStatementCsv } from "../statements/csv";
import { issueStatement } from "../statements/issue";
import { storedSnapshot } from "../statements/stored";
import { createExport, getExport, retryExport } from "./exports";
import { expireExports, runExportJobs } from "./render";

const actor = systemActor("test");

describe("exports", () => {
  const t = useTestDb();
  let n = 0;
  const pay = (placementId: string, amount: bigint, currency = "USD") =>
    recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_ex_${++n}`,
        placementId,
        amount,
        currency,
        receivedAt: new Date(Date.UTC(2026, 0, n)),
      },
      actor,
    );

  async function book(opts: { invoice?: string; currency?: string } = {}) {
    const creditor = await makeCreditor(t.db, { currency: opts.currency ?? "USD" });
    const p1 = await makePlacement(t.db, creditor.id, {
      amount: 100_00n,
      invoiceNumber: opts.invoice,
      currency: opts.currency,
    });
    const p2 = await makePlacement(t.db, creditor.id, { amount: 50_00n, currency: opts.currency });
    await pay(p1.id, 30_01n, opts.currency);
    await pay(p1.id, 69_99n, opts.currency);
    await pay(p2.id, 10_00n, opts.currency);
    await recordReversal(
      t.db,
      {
        paymentExternalId: `pi_ex_${n}`,
        amount: 4_00n,
        currency: opts.currency ?? "USD",
        reason: "refund",
        externalRef: `re_ex_${n}`,
        occurredAt: new Date(Date.UTC(2026, 0, n, 12)),
      },
      actor,
    );
    return { creditor, p1, p2 };
  }

  const render = (mem: ReturnType<typeof countingFiles>, now = () => new Date()) =>
    runExportJobs(t.db, mem.files, { retentionDays: 7, pageSize: 2, now });

  it("renders remittances as RFC 4180 CSV whose figures equal /v1/remittances, neutralising formula cells", async () => {
    const mem = countingFiles();
    const { creditor } = await book({ invoice: '=HYPERLINK("http://x","y")' });
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const e = await createExport(
      t.db,
      scope,
      { type: "remittances", format: "csv", filters: {}, includeBom: true },
      actor,
    );
    expect(e.status).toBe("queued");
    expect(await render(mem)).toEqual({ rendered: 1, failed: 0 });
    const done = await getExport(t.db, scope, e.id);
    expect(done).toMatchObject({ status: "succeeded", rowCount: 4, rowsWritten: 4, rowsExpected: 4, attempts: 1 });
    const text = await mem.text(t.db, done.fileId!);
    expect(text.startsWith("\ufeffremittance_id,placement_id,invoice_number,")).toBe(true);
    const rows = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    const api = (await listRemittancePage(t.db, { creditorId: creditor.id, limit: 200 })).items;
    const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
    for (const [col, field] of [
      ["recovered_amount_minor", "recoveredAmount"],
      ["fee_amount_minor", "feeAmount"],
      ["net_remit_amount_minor", "netRemitAmount"],
    ] as const) {
      expect(sum(rows.map((r) => BigInt(r[col]!)))).toBe(sum(api.map((r) => r[field])));
    }
    expect(new Set(rows.map((r) => r.remittance_id))).toEqual(new Set(api.map((r) => r.id)));
    const reversal = rows.find((r) => r.status === "reversed")!;
    expect(reversal).toMatchObject({ recovered_amount: "-4.00", recovered_amount_minor: "-400", reason: "refund" });
    expect(reversal.parent_remittance_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0]).toMatchObject({
      recovered_amount: "30.01",
      contingency_pct_snapshot: "25.00",
      occurred_at: "2026-01-01T00:00:00.000000Z",
    });
    expect(rows[0]!.invoice_number!.startsWith("'=HYPERLINK")).toBe(true);
    // export.succeeded is requested in the transaction that marks the export done.
    const [event] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `webhook:export.succeeded:${e.id}`));
    expect(event!.payload).toMatchObject({
      object: { object: "export", export_id: e.id, status: "succeeded", row_count: 4 },
    });
  });

  it("exports an issued statement's lines exactly as the statement's own CSV lists them, the latest version only", async () => {
    const mem = countingFiles();
    const { creditor } = await book({ invoice: "@SUM(1)" });
    const jan = await issueStatement(t.db, { creditorId: creditor.id, period: "2026-01", timeZone: "UTC" }, actor);
    if (jan.outcome !== "issued") throw new Error(`statement ${jan.outcome}`);
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const e = await createExport(
      t.db,
      scope,
      { type: "statement_lines", format: "csv", filters: { occurred_from: "2026-01-01", occurred_to: "2026-01-31" } },
      actor,
    );
    expect(await render(mem)).toEqual({ rendered: 1, failed: 0 });
    const done = await getExport(t.db, scope, e.id);
    const exported = parse(await mem.text(t.db, done.fileId!)) as string[][];
    const [row] = await t.db.select().from(statements).where(eq(statements.id, jan.statementId));
    const own = parse(renderStatementCsv(await storedSnapshot(t.db, row!))) as string[][];
    expect(own.length).toBe(5); // header + 3 payments + 1 refund
    expect(exported).toEqual(own);
    expect(exported[1]![10]).toBe("'@SUM(1)");

    // Another month's range holds none of January's lines; a status filter does not apply.
    const feb = await createExport(
      t.db,
      scope,
      { type: "statement_lines", format: "csv", filters: { occurred_from: "2026-02-01", occurred_to: "2026-02-28" } },
      actor,
    );
    await render(mem);
    const febDone = await getExport(t.db, scope, feb.id);
    expect(febDone.rowCount).toBe(0);
    await expect(
      createExport(
        t.db,
        scope,
        {
          type: "statement_lines",
          format: "csv",
          filters: { occurred_from: "2026-01-01", occurred_to: "2026-01-31", status: "cleared" },
        },
        actor,
      ),
    ).rejects.toThrow(/does not apply to statement_lines/);
  });

  it("writes the QuickBooks bank file: one line per net remittance and per disbursement, with the placement stamp", async () => {
    const mem = countingFiles();
    const { creditor, p1 } = await book({ currency: "JPY" });
    const paidOut = await disburseNow(t.db, { creditorId: creditor.id, currency: "JPY" });
    expect(paidOut).toBeTruthy();
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const e = await createExport(t.db, scope, { type: "remittances", format: "qbo_bank_csv", filters: {} }, actor);
    await render(mem);
    const done = await getExport(t.db, scope, e.id);
    expect(done.filters).toMatchObject({ currency: "JPY" });
    const rows = parse(await mem.text(t.db, done.fileId!), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(["Date", "Description", "Amount"]);
    const remittanceLines = rows.filter((r) => r.Description!.startsWith("Net remittance"));
    expect(remittanceLines).toHaveLength(4);
    expect(remittanceLines[0]).toMatchObject({ Date: expect.stringMatching(/^01\/\d\d\/2026$/), Amount: "2251" });
    expect(remittanceLines[0]!.Description).toContain(`[ai-collect:placement=${p1.id}]`);
    expect(rows.filter((r) => r.Description!.startsWith("Disbursement")).every((r) => r.Amount!.startsWith("-"))).toBe(
      true,
    );
  });

  it("a killed job restarts when its lease lapses and ends with exactly one file; a failed one says why and can be retried", async () => {
    const mem = countingFiles();
    const { creditor } = await book();
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const e = await createExport(t.db, scope, { type: "placements", format: "csv", filters: {} }, actor);
    // A worker took the job and died mid-file: the export is left running, its outbox row claimed.
    await t.db.update(exports).set({ status: "running", attempts: 1, rowsWritten: 2 }).where(eq(exports.id, e.id));
    await t.db.execute(
      sql`update outbox set status = 'processing', attempts = 1, next_attempt_at = now() + interval '5 minutes' where idempotency_key = ${`export:${e.id}:1`}`,
    );
    expect(await render(mem)).toEqual({ rendered: 0, failed: 0 });
    const later = () => new Date(Date.now() + 6 * 60_000);
    expect(await render(mem, later)).toEqual({ rendered: 1, failed: 0 });
    const done = await getExport(t.db, scope, e.id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 2, rowCount: 2 });
    expect([...mem.stored]).toEqual([done.fileId]);

    mem.failAfter(1);
    const f = await createExport(t.db, scope, { type: "remittances", format: "csv", filters: {} }, actor);
    expect(await render(mem)).toEqual({ rendered: 0, failed: 1 });
    const failed = await getExport(t.db, scope, f.id);
    expect(failed).toMatchObject({ status: "failed", failureReason: "the file store went away", fileId: null });
    mem.failAfter(null);
    await retryExport(t.db, scope, f.id, actor);
    expect(await render(mem)).toEqual({ rendered: 1, failed: 0 });
    expect(await getExport(t.db, scope, f.id)).toMatchObject({ status: "succeeded", attempts: 2 });
    await expect(retryExport(t.db, scope, f.id, actor)).rejects.toThrow(/only a failed export/);
  });

  it("refuses bad requests before writing anything, keeps creditors to their own exports and ledger to staff", async () => {
    const { creditor } = await book();
    const other = await makeCreditor(t.db);
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const before = (await t.db.select().from(exports)).length;
    await expect(createExport(t.db, scope, { type: "ledger", format: "csv", filters: {} }, actor)).rejects.toThrow(
      /staff/,
    );
    await expect(
      createExport(t.db, scope, { type: "remittances", format: "csv", filters: { status: "paid" } }, actor),
    ).rejects.toThrow(/cleared, reversed, reinstated/);
    await expect(
      createExport(t.db, scope, { type: "placements", format: "qbo_bank_csv", filters: {} }, actor),
    ).rejects.toThrow(/qbo_bank_csv/);
    await expect(
      createExport(t.db, scope, { type: "statement_lines", format: "csv", filters: {} }, actor),
    ).rejects.toThrow(/period/);
    await expect(
      createExport(t.db, scope, { type: "remittances", format: "csv", filters: { creditor_id: other.id } }, actor),
    ).rejects.toThrow(/staff/);
    expect((await t.db.select().from(exports)).length).toBe(before);
    const e = await createExport(t.db, scope, { type: "remittances", format: "csv", filters: {} }, actor);
    await expect(getExport(t.db, { kind: "creditor", creditorId: other.id }, e.id)).rejects.toThrow(/not found/);
    const staff = await createExport(t.db, { kind: "agency" }, { type: "ledger", format: "csv", filters: {} }, actor);
    expect(staff.creditorId).toBeNull();
  });

  it("deletes files past retention and marks their exports expired", async () => {
    const mem = countingFiles();
    const { creditor } = await book();
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const e = await createExport(t.db, scope, { type: "placements", format: "csv", filters: {} }, actor);
    while ((await render(mem)).rendered > 0);
    const done = await getExport(t.db, scope, e.id);
    expect(mem.stored.has(done.fileId!)).toBe(true);
    expect(await expireExports(t.db, mem.files, new Date(Date.now() + 8 * 86_400_000))).toEqual({
      expired: expect.any(Number),
    });
    expect(await getExport(t.db, scope, e.id)).toMatchObject({ status: "expired", fileId: null });
    expect(mem.stored.has(done.fileId!)).toBe(false);
  });
});
