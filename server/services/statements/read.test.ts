import { describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { systemActor } from "@/server/domain/actor";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { issueStatement } from "./issue";
import { getCreditorStatement, listCreditorStatements, statementLinesPage, streamStatementLines } from "./read";

describe("reading issued statements", () => {
  const t = useTestDb();
  const actor = systemActor("statements-read-test");

  it("pages and streams a statement's lines in order, and keeps creditors apart", async () => {
    const c = await makeCreditor(t.db);
    const other = await makeCreditor(t.db);
    for (let i = 0; i < 7; i++) {
      const p = await makePlacement(t.db, c.id, { amount: 1_000n });
      await recordClearedPayment(
        t.db,
        {
          source: "manual",
          externalId: `rd-${c.id}-${i}`,
          placementId: p.id,
          amount: 400n + BigInt(i),
          currency: "USD",
          receivedAt: new Date(`2025-05-0${i + 1}T10:00:00Z`),
        },
        actor,
      );
    }
    const r = await issueStatement(t.db, { creditorId: c.id, period: "2025-05", timeZone: "UTC" }, actor);
    if (r.outcome !== "issued") throw new Error(r.outcome);
    const first = await statementLinesPage(t.db, { creditorId: c.id, period: "2025-05", limit: 3 });
    expect(first.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(first.nextSeq).toBe(3);
    const all = [];
    for await (const x of streamStatementLines(t.db, { creditorId: c.id, period: "2025-05", pageSize: 2 }))
      all.push(x.line);
    expect(all.map((l) => l.recovered)).toEqual([400n, 401n, 402n, 403n, 404n, 405n, 406n]);
    expect((await listCreditorStatements(t.db, c.id)).map((m) => [m.period, m.latest.version])).toEqual([
      ["2025-05", 1],
    ]);
    await expect(getCreditorStatement(t.db, other.id, r.statementId)).rejects.toThrow(/not found/);
    await expect(statementLinesPage(t.db, { creditorId: other.id, statementId: r.statementId })).rejects.toThrow(
      /not found/,
    );
  });
});
