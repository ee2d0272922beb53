import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { makeCreditor } from "@/server/testing/factories";
import { createContext } from "./context";
import { appRouter, createCaller } from "./root";

describe("tRPC ladder and error mapping", () => {
  const t = useTestDb();
  let user: SessionUser;
  beforeAll(async () => {
    const creditor = await makeCreditor(t.db);
    user = { id: "00000000-0000-4000-8000-0000000000aa", role: "creditor_member", creditorId: creditor.id };
  });

  const http = (path: string, input: unknown) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://clearbook.test/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize(input)),
      }),
      router: appRouter,
      createContext: () => createContext({ db: t.db, user }),
    });

  it("carries bigint money both ways and maps a service's AppError to its tRPC code in one place", async () => {
    const input = {
      invoiceNumber: "LADDER-1",
      // The largest an invoice may be by default (AMOUNT_LIMITS): 10^12 minor units, carried as a bigint.
      invoiceAmount: 1_000_000_000_000n,
      currency: "usd",
      dueDate: "2026-10-01",
      debtorName: "Big Debtor",
    };
    const res = await http("placements.create", input);
    expect(res.status).toBe(200);
    const created = superjson.deserialize<{ invoiceAmount: bigint; currency: string }>((await res.json()).result.data);
    expect(created).toMatchObject({ invoiceAmount: 1_000_000_000_000n, currency: "USD" });

    const dup = await http("placements.create", input);
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.json).toMatchObject({
      message: "invoice_number LADDER-1 is already placed",
      data: { code: "CONFLICT" },
    });
    const err = await createCaller(createContext({ db: t.db, user }))
      .placements.create(input)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("CONFLICT");
  });

  it("never shows a caller the text of an unexpected failure (SQL, parameters): a plain sentence instead", async () => {
    const failing = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop === "select")
          return () => {
            throw new Error('Failed query: select "password_hash" from "users" where "id" = $1\nparams: secret-param');
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://clearbook.test/api/trpc/session.me", { method: "GET" }),
      router: appRouter,
      createContext: () => createContext({ db: failing, user }),
      onError: () => {},
    });
    expect(res.status).toBe(500);
    const body = JSON.stringify(await res.json());
    expect(body).not.toMatch(/password_hash|secret-param|Failed query/);
    expect(body).toContain("something went wrong on our side");
  });

  it("answers invalid input with a readable message and the issues by field", async () => {
    const res = await http("placements.create", {
      invoiceNumber: "",
      invoiceAmount: -5n,
      currency: "usd",
      dueDate: "soon",
      debtorName: "X",
    });
    expect(res.status).toBe(400);
    const { message, data } = (await res.json()).error.json;
    expect(message).toMatch(/^invoiceNumber: .*; invoiceAmount: .*; dueDate: /);
    expect(data.zodIssues.map((i: { path: string[] }) => i.path[0])).toEqual([
      "invoiceNumber",
      "invoiceAmount",
      "dueDate",
    ]);
  });
});
