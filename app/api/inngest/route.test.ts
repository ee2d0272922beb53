import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("@/server/db", () => ({ getDb: async () => ({}) }));

describe("GET /api/inngest", () => {
  const saved = process.env.INNGEST_DEV;
  afterAll(() => {
    if (saved === undefined) delete process.env.INNGEST_DEV;
    else process.env.INNGEST_DEV = saved;
  });

  it("serves every function of the app for an Inngest dev server to discover", async () => {
    process.env.INNGEST_DEV = "1";
    vi.resetModules();
    const { GET } = await import("./route");
    const res = await GET(new Request("http://localhost:3000/api/inngest") as never, {} as never);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const { createFunctions } = await import("@/inngest/functions");
    const count = createFunctions({ db: async () => ({}) as never }).length;
    expect(count).toBeGreaterThanOrEqual(13);
    expect(body).toMatchObject({ function_count: count, mode: "dev" });
  });

  it("answers 404 with a reason, not Inngest's 500, when Inngest is not configured here (issue 18, finding 11)", async () => {
    delete process.env.INNGEST_DEV;
    const savedKey = process.env.INNGEST_SIGNING_KEY;
    delete process.env.INNGEST_SIGNING_KEY;
    vi.resetModules();
    const { GET, PUT, POST } = await import("./route");
    for (const handle of [GET, PUT, POST]) {
      const res = await handle(new Request("http://localhost:3000/api/inngest") as never, {} as never);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: string }).error).toMatch(/Inngest is not configured here/);
    }
    if (savedKey !== undefined) process.env.INNGEST_SIGNING_KEY = savedKey;
  });
});
