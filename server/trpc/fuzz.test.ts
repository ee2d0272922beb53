import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { count, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  apiKeys,
  auditEvents,
  creditorRates,
  invitations,
  outbox,
  placements,
  qboConnections,
  stripeEvents,
  users,
  workItems,
} from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { verifyLedger } from "@/server/services/ledger/verify";
import { hostileString, hostileVariant } from "@/server/testing/hostile";
import { buildIsolationFixture, type IsolationFixture } from "@/server/testing/isolation-fixture";
import { createContext } from "./context";
import { isolationCases } from "./isolation-cases";
import { appRouter, createCaller } from "./root";

type Procedure = { _def: { type: string } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;
const mutations = Object.keys(procedures)
  .filter((p) => procedures[p]!._def.type === "mutation")
  .sort();

const show = (v: unknown) =>
  (JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x)) ?? String(v)).slice(0, 200);

const TABLES = [
  placements,
  apiKeys,
  users,
  invitations,
  auditEvents,
  workItems,
  outbox,
  creditorRates,
  qboConnections,
  stripeEvents,
];

/**
 * Fuzz suite of every tRPC mutation (issue 18), found by enumerating the router as the isolation
 * suite does: each called by the role it is for, with its legitimate input broken in generated ways.
 * Never an INTERNAL_SERVER_ERROR; a refused call writes nothing in any table a mutation writes; the
 * ledger stays sound. CSV intake has its own suite (intake-fuzz.test.ts).
 */
describe("fuzz: tRPC mutations", () => {
  const t = useTestDb();
  let fx: IsolationFixture;
  // Every table's row count in one statement (a round trip per table made this the suite's slowest file).
  const snapshot = async () => {
    const [row] = await t.db
      .select(
        Object.fromEntries(
          TABLES.map((table, i) => [`n${i}`, sql<number>`(${t.db.select({ n: count() }).from(table)})`]),
        ),
      )
      .from(sql`(select 1) as one`);
    return TABLES.map((_, i) => Number(row![`n${i}`]));
  };
  const callerFor = (path: string): SessionUser => {
    const audience = isolationCases[path]!.audience;
    return audience === "staff" ? fx.staff.admin : fx.a.admin;
  };
  const call = (path: string, input: unknown) => {
    const [router, name] = path.split(".") as [string, string];
    const caller = createCaller(createContext({ db: t.db, user: callerFor(path) })) as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >;
    return caller[router]![name]!(input);
  };

  beforeAll(async () => {
    fx = await buildIsolationFixture(t.db);
  });

  it("enumerates every mutation, each with a legitimate input to break, and counts the fixture's rows", async () => {
    expect(mutations.length).toBeGreaterThan(10);
    const counts = await snapshot();
    expect(counts[TABLES.indexOf(placements)]).toBe(await t.db.$count(placements));
    expect(counts[TABLES.indexOf(auditEvents)]).toBe(await t.db.$count(auditEvents));
    expect(counts[TABLES.indexOf(placements)]).toBeGreaterThan(0);
    for (const path of mutations) expect(isolationCases[path]?.own, path).toBeDefined();
  });

  for (const path of mutations.filter((p) => !p.startsWith("intake."))) {
    it(`${path}: hostile input never answers 500, and a refusal writes nothing`, async () => {
      const valid = isolationCases[path]!.own!(fx);
      const input = fc.oneof(hostileVariant(valid ?? {}), hostileString());
      await fc.assert(
        fc.asyncProperty(input, async (hostile) => {
          const before = await snapshot();
          try {
            await call(path, hostile);
          } catch (err) {
            const code = err instanceof TRPCError ? err.code : "NOT_A_TRPC_ERROR";
            expect(code, `${path} ← ${show(hostile)}: ${String(err).slice(0, 300)}`).not.toMatch(
              /INTERNAL_SERVER_ERROR|NOT_A_TRPC_ERROR/,
            );
            expect(await snapshot()).toEqual(before);
          }
        }),
        { numRuns: 25, seed: 18 },
      );
    }, 60_000);
  }

  it("leaves the ledger sound", async () => {
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
