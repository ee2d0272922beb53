import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { makeCreditor } from "@/server/testing/factories";
import { hostileNumber, hostileString } from "@/server/testing/hostile";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

const HEADER = "invoice_number,invoice_amount,currency,due_date,debtor_name,debtor_email,qbo_invoice_id";
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * Fuzz suite of CSV intake (issue 18), through the tRPC procedures a person's upload goes through:
 * files of valid rows with hostile cells (huge and decimal amounts, NUL and control characters,
 * formulas, quotes, long text, duplicated invoice numbers), and hostile files. Never a 500; the
 * preview flags exactly what the commit refuses (a clean preview commits, a flagged one is refused
 * whole); a refused commit writes nothing.
 */
describe("fuzz: CSV intake", () => {
  const t = useTestDb();
  let user: SessionUser;
  let creditorId = "";
  let seq = 0;
  const written = async () => ({
    placements: Number(
      (await t.db.select({ n: count() }).from(placements).where(eq(placements.creditorId, creditorId)))[0]!.n,
    ),
    audit: Number((await t.db.select({ n: count() }).from(auditEvents))[0]!.n),
  });
  const caller = () => createCaller(createContext({ db: t.db, user }));

  beforeAll(async () => {
    creditorId = (await makeCreditor(t.db)).id;
    user = { id: "00000000-0000-4000-8000-0000000000f7", role: "creditor_member", creditorId };
  });

  const cell = fc.oneof(
    { weight: 2, arbitrary: hostileString().map((s) => s.slice(0, 3_000)) },
    { weight: 2, arbitrary: hostileNumber().map(String) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("12345678901234567890123", "0.001", "-5", "1,000.00", "DUP-1", "2026-02-30"),
    },
  );
  const row = fc.tuple(fc.nat(6), cell).map(([column, value]) => {
    const cells = [`FZ-CSV-${++seq}`, "100.00", "USD", "2026-12-31", "Fuzz Debtor", "", ""];
    cells[column] = value;
    return cells.map(quote).join(",");
  });
  const file = fc.oneof(
    { weight: 4, arbitrary: fc.array(row, { minLength: 1, maxLength: 4 }).map((rows) => [HEADER, ...rows].join("\n")) },
    { weight: 1, arbitrary: hostileString() },
  );

  it("preview and commit agree, never 500, and a refused commit writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(file, async (csv) => {
        const outcome = async <T>(p: Promise<T>) => {
          try {
            return { ok: true as const, value: await p };
          } catch (err) {
            const code = err instanceof TRPCError ? err.code : "NOT_A_TRPC_ERROR";
            expect(code, `${String(err).slice(0, 300)} ← ${JSON.stringify(csv).slice(0, 300)}`).not.toMatch(
              /INTERNAL_SERVER_ERROR|NOT_A_TRPC_ERROR/,
            );
            return { ok: false as const, code };
          }
        };
        const preview = await outcome(caller().intake.preview({ csv }));
        const before = await written();
        const commit = await outcome(caller().intake.commit({ csv }));
        if (!commit.ok) expect(await written()).toEqual(before);
        if (preview.ok) {
          // What the preview flags is exactly what the commit refuses.
          expect(commit.ok, JSON.stringify(preview.value.rows.map((r) => r.problems))).toBe(
            preview.value.errorRows === 0,
          );
        } else expect(commit.ok).toBe(false);
      }),
      { numRuns: 120, seed: 18 },
    );
  }, 120_000);
});
