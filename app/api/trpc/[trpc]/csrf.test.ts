import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { crossOriginProblem } from "@/server/lib/same-origin";
import { makeCreditor } from "@/server/testing/factories";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as SessionUser | null }));
vi.mock("@/server/trpc/request-context", () => ({
  createRequestContext: async () => ({ db: ref.db!, user: ref.user }),
}));

const { POST } = await import("./route");

/** Issue 18, finding 8: every state-changing tRPC call checks where it came from. */
describe("tRPC CSRF guard", () => {
  const t = useTestDb();
  const created = async () => Number((await t.db.select({ n: count() }).from(placements))[0]!.n);
  const create = (headers: Record<string, string>, invoiceNumber: string) =>
    POST(
      new Request("http://clearbook.test/api/trpc/placements.create", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({
          json: {
            invoiceNumber,
            invoiceAmount: "1000",
            currency: "USD",
            dueDate: "2026-12-31",
            debtorName: "Pat",
          },
          meta: { values: { invoiceAmount: ["bigint"] } },
        }),
      }),
    );

  beforeAll(async () => {
    ref.db = t.db;
    const creditorId = (await makeCreditor(t.db)).id;
    ref.user = { id: "00000000-0000-4000-8000-0000000000c5", role: "creditor_admin", creditorId };
  });

  it("refuses a mutation from a sibling subdomain or another site, writing nothing", async () => {
    const before = await created();
    for (const headers of [
      { "sec-fetch-site": "same-site", origin: "https://evil.clearbook.test" } as Record<string, string>,
      { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      { origin: "https://evil.example" },
      { origin: "null" },
    ]) {
      const res = await create(headers, `CSRF-${Math.random()}`);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/another (site|origin)/);
    }
    expect(await created()).toBe(before);
  });

  it("lets the same mutation through from the app's own pages (and from non-browser clients)", async () => {
    const before = await created();
    for (const [i, headers] of [
      { "sec-fetch-site": "same-origin", origin: "http://clearbook.test" } as Record<string, string>,
      { origin: "http://clearbook.test" },
    ].entries()) {
      const res = await create(headers, `SAME-${i}`);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    expect(await created()).toBe(before + 2);
  });

  it("decides by Sec-Fetch-Site first, then Origin, then lets header-less clients pass", () => {
    const h = (init: Record<string, string>) => new Headers(init);
    const url = "https://app.example/api/trpc/x";
    expect(crossOriginProblem(h({ "sec-fetch-site": "same-origin" }), url)).toBeNull();
    expect(crossOriginProblem(h({ "sec-fetch-site": "none" }), url)).toMatch(/another site/);
    expect(crossOriginProblem(h({ origin: "https://app.example" }), url)).toBeNull();
    expect(
      crossOriginProblem(h({ origin: "https://public.example" }), "http://internal:3000/x", "https://public.example"),
    ).toBeNull();
    expect(crossOriginProblem(h({}), url)).toBeNull();
  });
});
