import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("@/server/db", () => ({ getDb: async () => ({}) }));

describe("GET /api/inngest", () => {
  const saved = process.env.INNGEST_DEV;
  afterAll(() => {
    if (saved === undefined) delete process.env.INNGEST_DEV;
    else process.env.INNGEST_DEV = saved;
  });

  it("serves the app's ten functions for an Inngest dev server to discover", async () => {
    process.env.INNGEST_DEV = "1";
    vi.resetModules();
    const { GET } = await import("./route");
    const res = await GET(new Request("http://localhost:3000/api/inngest") as never, {} as never);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ function_count: 10, mode: "dev" });
  });
});
