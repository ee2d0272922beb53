import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { createContext } from "./context";
import { isolationCases, type Audience, type IsolationCase } from "./isolation-cases";
import { buildIsolationFixture, leakedMarker, type IsolationFixture } from "../testing/isolation-fixture";
import { appRouter, createCaller } from "./root";

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

const procedures = Object.keys(appRouter._def.procedures).sort();

describe("tenant isolation of every tRPC procedure", () => {
  const t = useTestDb();
  let fx: IsolationFixture;
  beforeAll(async () => {
    fx = await buildIsolationFixture(t.db);
  });

  async function call(path: string, user: SessionUser | null, input: unknown): Promise<Outcome> {
    const caller = createCaller(createContext({ db: t.db, user })) as unknown as Record<string, unknown>;
    const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
      input: unknown,
    ) => Promise<unknown>;
    try {
      return { ok: true, value: await fn(input) };
    } catch (err) {
      return {
        ok: false,
        code: err instanceof TRPCError ? err.code : `THROWN ${String(err)}`,
        message: err instanceof Error ? err.message : String(err),
      };
    }
  }

  /** Who must be turned away, and with what, for each audience. */
  function refused(audience: Audience): Array<[string, SessionUser | null, string]> {
    const creditorUsers: Array<[string, SessionUser | null, string]> = [
      ["creditor admin", fx.a.admin, "FORBIDDEN"],
      ["creditor member", fx.a.member, "FORBIDDEN"],
    ];
    const staff: Array<[string, SessionUser | null, string]> = [
      ["agency admin", fx.staff.admin, "FORBIDDEN"],
      ["operator", fx.staff.operator, "FORBIDDEN"],
      ["finance", fx.staff.finance, "FORBIDDEN"],
    ];
    const signedOut: [string, SessionUser | null, string] = ["signed-out caller", null, "UNAUTHORIZED"];
    switch (audience) {
      case "public":
        return [];
      case "signed-in":
        return [signedOut];
      case "creditor":
        return [signedOut, ...staff];
      case "creditor-admin":
        return [signedOut, creditorUsers[1]!, ...staff];
      case "user-admin":
        return [signedOut, creditorUsers[1]!, staff[1]!, staff[2]!];
      case "staff":
        return [signedOut, ...creditorUsers];
    }
  }

  const ownCaller = (c: IsolationCase) => (c.audience === "staff" ? fx.staff.admin : fx.a.admin);
  const text = (value: unknown) => superjson.stringify(value ?? null);

  it("has an isolation case for every procedure of the app router, and none for procedures that are gone", () => {
    expect(procedures.length).toBeGreaterThan(10);
    const missing = procedures.filter((p) => !isolationCases[p]);
    const stale = Object.keys(isolationCases).filter((p) => !procedures.includes(p));
    expect({ missing, stale }, "add each new procedure to server/trpc/isolation-cases.ts").toEqual({
      missing: [],
      stale: [],
    });
    for (const p of procedures) {
      const c = isolationCases[p];
      if (c && c.audience !== "public") expect(c.own ?? c.foreign, `${p} needs an own or foreign input`).toBeDefined();
    }
  });

  describe.each(procedures)("%s", (path) => {
    const kase = () => {
      const c = isolationCases[path];
      if (!c) throw new Error(`${path} has no isolation case`);
      return c;
    };
    const anyInput = (c: IsolationCase) => (c.own ?? c.foreign)?.(fx);

    it("turns away callers outside its audience", async () => {
      const c = kase();
      for (const [who, user, code] of refused(c.audience)) {
        const out = await call(path, user, anyInput(c));
        expect(out.ok ? "OK" : out.code, `${path} as ${who}`).toBe(code);
      }
    });

    it("answers NOT_FOUND when creditor A names creditor B's records", async () => {
      const c = kase();
      if (!c.foreign) return;
      const out = await call(path, fx.a.admin, c.foreign(fx));
      expect(out.ok ? "OK" : out.code).toBe("NOT_FOUND");
      expect(leakedMarker(fx, text(out))).toBeUndefined();
    });

    it("shows creditor A its own records and nothing of creditor B", async () => {
      const c = kase();
      if (!c.own) return;
      const out = await call(path, ownCaller(c), c.own(fx));
      if (c.refusesOwn) {
        expect(out.ok ? "OK" : out.code, `${path} own call`).toMatch(/^(BAD_REQUEST|NOT_FOUND|PRECONDITION_FAILED)$/);
        expect(leakedMarker(fx, text(out)), `${path} leaked creditor B's data`).toBeUndefined();
        return;
      }
      if (!out.ok) throw new Error(`${path} own call failed: ${out.code} ${out.message}`);
      if (c.audience === "staff") return; // staff see across creditors by design
      expect(leakedMarker(fx, text(out.value)), `${path} leaked creditor B's data`).toBeUndefined();
      if (c.showsOwnRows)
        expect(
          fx.a.markers.some((m) => text(out.value).includes(m)),
          `${path} showed none of A's records`,
        ).toBe(true);
      c.check?.(out.value, fx);
      for (const probe of c.probes ?? []) {
        const input = probe.input(fx);
        const res = await call(path, fx.a.admin, input);
        if (!res.ok) throw new Error(`${path} probe failed: ${res.code} ${res.message}`);
        const sent = text(input);
        const leak = fx.b.markers.filter((m) => !sent.includes(m)).find((m) => text(res.value).includes(m));
        expect(leak, `${path} probe leaked creditor B's data`).toBeUndefined();
        probe.check?.(res.value, fx);
      }
    });
  });
});
