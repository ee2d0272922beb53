import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, qboConnections } from "@/db/schema";
import type { SessionUser } from "@/server/auth/roles";
import { resetEnvForTests } from "@/server/env";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { seedCompany } from "@/server/testing/qbo";
import { makeCreditor } from "@/server/testing/factories";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as SessionUser | null }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));
vi.mock("@/server/auth/session", () => ({ getSession: async () => ref.user }));

const start = await import("./start/route");
const callback = await import("./callback/route");

/** The whole consent dance through our two route handlers and the QuickBooks TEST DOUBLE's authorize page. */
describe("QuickBooks OAuth routes", () => {
  const t = useTestDb();
  let double: QboDouble;
  const app = "http://clearbook.test";

  beforeAll(async () => {
    double = await startQboDouble();
    Object.assign(process.env, { QBO_ENVIRONMENT: "double", QBO_API_BASE: double.url, APP_URL: app });
    resetEnvForTests();
    ref.db = t.db;
  });
  afterAll(async () => {
    for (const k of ["QBO_ENVIRONMENT", "QBO_API_BASE", "APP_URL"]) delete process.env[k];
    resetEnvForTests();
    await double.close();
  });

  const location = (res: Response) => new URL(res.headers.get("location")!);

  it("connects a creditor admin's company and lands back on the settings page", async () => {
    const creditor = await makeCreditor(t.db);
    const company = seedCompany(double, { companyName: "Routes & Sons (double)" });
    double.setAuthorizeRealm(company.realmId);
    ref.user = { id: "00000000-0000-4000-8000-0000000000a1", role: "creditor_admin", creditorId: creditor.id };

    const toIntuit = await start.GET(new Request(`${app}/api/qbo/oauth/start`));
    expect(toIntuit.status).toBe(302);
    const consent = location(toIntuit);
    expect(consent.searchParams.get("redirect_uri")).toBe(`${app}/api/qbo/oauth/callback`);
    const back = location(await fetch(consent, { redirect: "manual" }));
    const done = await callback.GET(new Request(`${app}${back.pathname}${back.search}`));
    expect(done.status).toBe(302);
    expect(location(done).pathname + location(done).search).toBe("/settings/integrations/quickbooks?connected=1");
    const [conn] = await t.db.select().from(qboConnections).where(eq(qboConnections.creditorId, creditor.id));
    expect(conn).toMatchObject({
      status: "connected",
      realmId: company.realmId,
      companyName: "Routes & Sons (double)",
    });
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.creditorId, creditor.id), eq(auditEvents.action, "qbo.connected"))),
    ).toHaveLength(1);

    // Replaying the same redirect is refused with a message, not a crash.
    const again = await callback.GET(new Request(`${app}${back.pathname}${back.search}`));
    expect(location(again).searchParams.get("error")).toMatch(/already used|expired/);
  });

  it("turns away members and other creditors' admins, and reports a refused consent", async () => {
    const creditor = await makeCreditor(t.db);
    ref.user = { id: "00000000-0000-4000-8000-0000000000b1", role: "creditor_member", creditorId: creditor.id };
    const refused = await start.GET(new Request(`${app}/api/qbo/oauth/start`));
    expect(location(refused).searchParams.get("error")).toMatch(/administrator/);

    ref.user = { id: "00000000-0000-4000-8000-0000000000b2", role: "creditor_admin", creditorId: creditor.id };
    const consent = location(await start.GET(new Request(`${app}/api/qbo/oauth/start`)));
    const back = location(await fetch(consent, { redirect: "manual" }));
    const other = await makeCreditor(t.db);
    ref.user = { id: "00000000-0000-4000-8000-0000000000c1", role: "creditor_admin", creditorId: other.id };
    const stolen = await callback.GET(new Request(`${app}${back.pathname}${back.search}`));
    expect(location(stolen).searchParams.get("error")).toMatch(/another organisation/);
    expect(await t.db.select().from(qboConnections).where(eq(qboConnections.creditorId, other.id))).toHaveLength(0);

    const denied = await callback.GET(new Request(`${app}/api/qbo/oauth/callback?error=access_denied`));
    expect(location(denied).searchParams.get("error")).toBe("QuickBooks access was not granted.");

    ref.user = null;
    expect(location(await start.GET(new Request(`${app}/api/qbo/oauth/start`))).pathname).toBe("/sign-in");
  });
});
