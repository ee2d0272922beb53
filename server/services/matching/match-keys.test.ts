import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { debtors, paymentAttempts } from "@/db/schema";
import { matchKeySql } from "@/db/schema/match-keys";
import { useTestDb } from "@/db/testing/test-db";
import { DEFAULT_MATCH_SETTINGS, FACT_KEYS, normaliseName, textTokens } from "@/server/domain/matching";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { findCandidates } from "./candidates";

/**
 * A payment's match keys are computed by PostgreSQL (db/schema/match-keys.ts: stored generated
 * columns for attempts, the same expressions for facts not yet stored) from rules the domain states
 * in TypeScript (textTokens, normaliseName). These properties hold the two to each other.
 */

// Texts as payers write them: letters of both cases, digits, the separators and trim characters
// the rules name, spaces and punctuation, and an accented letter.
const textArb = fc
  .array(fc.constantFrom(..."aZ09-_/.#, :;!é\tINV".split(""), "INV-", "2024/", "ref "), { maxLength: 24 })
  .map((parts) => parts.join(""));

describe("match keys in SQL agree with the domain's rules", () => {
  const t = useTestDb();

  it("a text's words (clearbook_match_words) are textTokens' words", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textArb, { minLength: 1, maxLength: 20 }), async (texts) => {
        const rows = await queryRows<{ i: number; words: string[] }>(
          t.db,
          sql.raw(
            `select i, ${matchKeySql.words("jsonb_build_object('description', x.t)", "description")} as words
             from unnest(array[${texts.map((x) => `'${x.replaceAll("'", "''")}'`).join(", ")}]::text[]) with ordinality x(t, i)`,
          ),
        );
        for (const r of rows) expect([...r.words].sort()).toEqual(textTokens(texts[r.i - 1]!).sort());
      }),
      { numRuns: 25 },
    );
  });

  it("a name's key is normaliseName's (null when nothing is left)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textArb, { minLength: 1, maxLength: 20 }), async (names) => {
        const rows = await queryRows<{ i: number; name: string | null }>(
          t.db,
          sql.raw(
            `select i, ${matchKeySql.name("jsonb_build_object('billing_name', x.t)")} as name
             from unnest(array[${names.map((x) => `'${x.replaceAll("'", "''")}'`).join(", ")}]::text[]) with ordinality x(t, i)`,
          ),
        );
        for (const r of rows) expect(r.name).toBe(normaliseName(names[r.i - 1]!) || null);
      }),
      { numRuns: 25 },
    );
  });

  it("a stored attempt's generated keys find the same candidates as its facts before it was stored", async () => {
    const c = await makeCreditor(t.db);
    const stamp = Date.now();
    const ps = await Promise.all(
      [0, 1, 2].map((i) =>
        makePlacement(t.db, c.id, { amount: 5_000n + BigInt(i), invoiceNumber: `MK-${stamp}-${i}` }),
      ),
    );
    const [debtor] = await t.db.select().from(debtors).where(eq(debtors.id, ps[0]!.debtorId));
    // Each field gets a value that names a placement, a value that names nothing, or nothing at all.
    const fieldArb = (named: string[]) =>
      fc.option(fc.constantFrom(...named, "nothing here", "", "  "), { nil: undefined });
    const invoice = ps.map((p) => p.invoiceNumber);
    const metadataArb = fc.record(
      {
        [FACT_KEYS.placementId]: fieldArb([ps[1]!.id, "not-a-uuid", ps[2]!.id.toUpperCase()]),
        description: fieldArb(invoice.map((n) => `Paying ${n.toLowerCase()}.`)),
        statement_descriptor: fieldArb([`#${invoice[0]}`, `${invoice[1]}/${invoice[2]}`]),
        reference: fieldArb([invoice[2]!, `${invoice[0]} ${invoice[0]}`]),
        receipt_email: fieldArb([` ${debtor!.email!.toUpperCase()} `]),
        billing_email: fieldArb([debtor!.email!]),
        [FACT_KEYS.name]: fieldArb([`${debtor!.name.toUpperCase()}!`, debtor!.name]),
      },
      { requiredKeys: [] },
    );
    let n = 0;
    let found = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(metadataArb, { minLength: 1, maxLength: 6 }), async (metas) => {
        const metadata = metas.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
        const stored = await t.db
          .insert(paymentAttempts)
          .values(
            metadata.map((m) => ({
              source: "stripe" as const,
              externalId: `pi_mk_${stamp}_${n++}`,
              amount: 5_000n,
              currency: "USD",
              status: "unmatched" as const,
              receivedAt: new Date("2026-03-02T10:00:00Z"),
              metadata: m,
            })),
          )
          .returning({ id: paymentAttempts.id });
        const facts = await findCandidates(
          t.db,
          {
            kind: "facts",
            payments: metadata.map((m, i) => ({ key: stored[i]!.id, amount: 5_000n, currency: "USD", metadata: m })),
          },
          DEFAULT_MATCH_SETTINGS,
        );
        const attempts = await findCandidates(
          t.db,
          { kind: "attempts", ids: stored.map((s) => s.id) },
          DEFAULT_MATCH_SETTINGS,
        );
        const sorted = (m: Map<string, { placementId: string; rule: number; via: string }[]>) =>
          [...m.entries()]
            .map(([k, hs]) => [k, hs.map((h) => `${h.rule}:${h.placementId}:${h.via}`).sort()] as const)
            .sort(([a], [b]) => (a < b ? -1 : 1));
        expect(sorted(attempts)).toEqual(sorted(facts));
        found += [...attempts.values()].reduce((s, hs) => s + hs.length, 0);
      }),
      { numRuns: 20 },
    );
    expect(found).toBeGreaterThan(0); // the runs found placements, not only nothing
  });
});
