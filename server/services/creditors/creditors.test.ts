import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { creditorRates, users } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { AppError } from "@/server/errors";
import { makeCreditor } from "@/server/testing/factories";
import { createUser } from "../identity/users";
import { changeContingencyRate } from "./creditors";

describe("contingency rate changes: agency admins only", () => {
  const t = useTestDb();
  const person = (role: "admin" | "operator" | "finance") =>
    createUser(
      t.db,
      {
        email: `${role}-${Math.random().toString(36).slice(2)}@example.test`,
        name: `A ${role}`,
        role,
        creditorId: null,
      },
      systemActor("test"),
    );
  const change = (creditorId: string, actor: Parameters<typeof changeContingencyRate>[2]) =>
    changeContingencyRate(t.db, { creditorId, rateBps: 1800, reason: "Volume tier" }, actor);
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "changed",
      (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
    );

  it("refuses finance, operators, disabled admins, API keys and jobs, and writes nothing", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2500 });
    const finance = await person("finance");
    const operator = await person("operator");
    const formerAdmin = await person("admin");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, formerAdmin.id));
    for (const actor of [
      { type: "user" as const, id: finance.id },
      { type: "user" as const, id: operator.id },
      { type: "user" as const, id: formerAdmin.id },
      { type: "user" as const, id: "not-a-user" },
      { type: "api_key" as const, id: "key-1" },
      { type: "job" as const, id: "statements" },
    ])
      expect(await refusal(change(c.id, actor)), actor.type).toBe(
        "FORBIDDEN: Only an agency admin can change a contingency rate.",
      );
    const rates = await t.db.select().from(creditorRates).where(eq(creditorRates.creditorId, c.id));
    expect(rates.map((r) => r.rateBps)).toEqual([2500]);
  });

  it("lets an agency admin change it, recording who did", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2500 });
    const admin = await person("admin");
    const rate = await change(c.id, { type: "user", id: admin.id });
    expect(rate).toMatchObject({ rateBps: 1800, createdBy: `user:${admin.id}` });
  });
});
