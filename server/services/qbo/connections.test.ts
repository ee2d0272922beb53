import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, creditors, qboConnections } from "@/db/schema";
import { decryptSecret, parseTokenKey } from "@/server/integrations/qbo/crypto";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { refreshTokens } from "@/server/integrations/qbo/oauth";
import { doubleOAuthConfig, seedCompany, testLimiter } from "@/server/testing/qbo";
import type { Actor } from "@/server/domain/actor";
import {
  type QboDeps,
  beginQboConnect,
  completeQboConnect,
  disconnectQbo,
  getQboClientForCreditor,
  getQboConnection,
  qboTokenProvider,
} from "./connections";

describe("QBO connections service", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: QboDeps;
  const admin: Actor = { type: "user", id: "u-admin" };
  const key = parseTokenKey(randomBytes(32).toString("hex"));

  beforeAll(async () => {
    double = await startQboDouble();
    deps = {
      key,
      oauth: doubleOAuthConfig(double),
      apiBase: double.url,
      client: { limiter: testLimiter(), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
    };
  });
  afterAll(() => double.close());

  async function newCreditor() {
    const slug = `cr-${randomUUID().slice(0, 8)}`;
    const [c] = await t.db
      .insert(creditors)
      .values({ name: slug, slug, defaultCurrency: "USD", contingencyRateBps: 2500 })
      .returning();
    return c!.id;
  }

  /** Run the whole consent dance against the double and return the connected creditor and company. */
  async function connected() {
    const creditorId = await newCreditor();
    const company = seedCompany(double, { companyName: `Books of ${creditorId.slice(0, 4)}` });
    double.setAuthorizeRealm(company.realmId);
    const { url } = await beginQboConnect(t.db, { creditorId }, admin, deps);
    const back = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
    const params = {
      creditorId,
      code: back.searchParams.get("code")!,
      realmId: back.searchParams.get("realmId")!,
      state: back.searchParams.get("state")!,
    };
    const connection = await completeQboConnect(t.db, params, admin, deps);
    return { creditorId, company, connection, params };
  }

  const row = async (creditorId: string) =>
    (await t.db.select().from(qboConnections).where(eq(qboConnections.creditorId, creditorId)))[0]!;
  const storedRefresh = async (creditorId: string) =>
    decryptSecret((await row(creditorId)).refreshTokenEnc!, key, `qbo:${creditorId}:refresh`);
  const qboAudit = (creditorId: string) =>
    t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.creditorId, creditorId), eq(auditEvents.category, "qbo")));

  describe("connecting a creditor to QuickBooks", () => {
    it("stores encrypted tokens, the company name, and a sync-log event", async () => {
      const { creditorId, company, connection } = await connected();
      expect(connection).toMatchObject({
        realmId: company.realmId,
        status: "connected",
        companyName: expect.stringContaining("Books of"),
      });
      const r = await row(creditorId);
      expect(r.accessTokenEnc).toMatch(/^v1\./);
      expect(r.refreshTokenEnc).not.toContain("dbl-rt");
      expect(await storedRefresh(creditorId)).toMatch(/^dbl-rt-/);
      expect((await qboAudit(creditorId)).map((e) => e.action)).toEqual(["qbo.connected"]);
    });

    it("accepts a state only once, only for its creditor, only untampered", async () => {
      const { params } = await connected();
      await expect(completeQboConnect(t.db, params, admin, deps)).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("already used"),
      });
      const other = await newCreditor();
      const fresh = await beginQboConnect(t.db, { creditorId: params.creditorId }, admin, deps);
      const state = new URL(fresh.url).searchParams.get("state")!;
      await expect(
        completeQboConnect(t.db, { ...params, creditorId: other, state }, admin, deps),
      ).rejects.toMatchObject({ message: expect.stringContaining("another organisation") });
      await expect(
        completeQboConnect(t.db, { ...params, state: state.slice(0, -2) + "xx" }, admin, deps),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    });

    it("refuses a redirect whose realmId is not the company the tokens are for", async () => {
      const creditorId = await newCreditor();
      const mine = seedCompany(double);
      const someoneElses = seedCompany(double);
      double.setAuthorizeRealm(mine.realmId);
      const { url } = await beginQboConnect(t.db, { creditorId }, admin, deps);
      const back = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
      await expect(
        completeQboConnect(
          t.db,
          {
            creditorId,
            code: back.searchParams.get("code")!,
            realmId: someoneElses.realmId,
            state: back.searchParams.get("state")!,
          },
          admin,
          deps,
        ),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(await getQboConnection(t.db, creditorId)).toBeNull();
    });

    it("refuses a company already connected to another creditor", async () => {
      const first = await connected();
      const creditorId = await newCreditor();
      double.setAuthorizeRealm(first.company.realmId);
      const { url } = await beginQboConnect(t.db, { creditorId }, admin, deps);
      const back = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
      await expect(
        completeQboConnect(
          t.db,
          {
            creditorId,
            code: back.searchParams.get("code")!,
            realmId: first.company.realmId,
            state: back.searchParams.get("state")!,
          },
          admin,
          deps,
        ),
      ).rejects.toMatchObject({ code: "CONFLICT" });
    });
  });

  describe("token refresh", () => {
    it("401 → one refresh → success, and the rotated refresh token is persisted", async () => {
      const { creditorId, company } = await connected();
      const before = await row(creditorId);
      const oldRefresh = await storedRefresh(creditorId);
      double.expireTokens("access", company.realmId);
      const { client } = await getQboClientForCreditor(t.db, creditorId, deps);
      expect((await client.getInvoice(company.invoices[0]!.Id)).Id).toBe(company.invoices[0]!.Id);
      const after = await row(creditorId);
      expect(after.tokenVersion).toBe(before.tokenVersion + 1);
      expect(await storedRefresh(creditorId)).not.toBe(oldRefresh);
      expect(double.refreshCount(company.realmId)).toBe(1);
      // The old refresh token is spent; the stored one works.
      await expect(refreshTokens(deps.oauth!, oldRefresh)).rejects.toMatchObject({ error: "invalid_grant" });
      double.expireTokens("access", company.realmId);
      const again = await getQboClientForCreditor(t.db, creditorId, deps);
      await again.client.getInvoice(company.invoices[0]!.Id);
      expect(double.refreshCount(company.realmId)).toBe(2);
    });

    it("refreshes ahead of expiry without waiting for a 401", async () => {
      const { creditorId, company } = await connected();
      await t.db
        .update(qboConnections)
        .set({ accessTokenExpiresAt: new Date(Date.now() + 30_000) })
        .where(eq(qboConnections.creditorId, creditorId));
      const { client } = await getQboClientForCreditor(t.db, creditorId, deps);
      await client.getInvoice(company.invoices[0]!.Id);
      expect(double.refreshCount(company.realmId)).toBe(1);
      expect(double.counters().byRealm[company.realmId]?.unauthorized ?? 0).toBe(0);
    });

    it("two concurrent refreshes in one process make one token call", async () => {
      const { creditorId, company } = await connected();
      const a = qboTokenProvider(t.db, creditorId, deps);
      const b = qboTokenProvider(t.db, creditorId, deps);
      const stale = await a.getAccessToken();
      const [x, y] = await Promise.all([a.refresh(stale), b.refresh(stale)]);
      expect(x).toBe(y);
      expect(x).not.toBe(stale);
      expect(double.refreshCount(company.realmId)).toBe(1);
    });

    it("two processes (separate module instances) are serialised by the row lock", async () => {
      const { creditorId, company } = await connected();
      vi.resetModules();
      const other = await import("./connections");
      const stale = await qboTokenProvider(t.db, creditorId, deps).getAccessToken();
      const results = await Promise.all([
        qboTokenProvider(t.db, creditorId, deps).refresh(stale),
        other.qboTokenProvider(t.db, creditorId, deps).refresh(stale),
        other.qboTokenProvider(t.db, creditorId, deps).refresh(stale),
      ]);
      expect(new Set(results).size).toBe(1);
      expect(double.refreshCount(company.realmId)).toBe(1);
      expect((await row(creditorId)).tokenVersion).toBe(2);
    });

    it("invalid_grant → needs_reconnect, a sync-log event, a typed error and no crash", async () => {
      const { creditorId, company } = await connected();
      double.expireTokens("all", company.realmId);
      const { client } = await getQboClientForCreditor(t.db, creditorId, deps);
      const err = await client.getInvoice(company.invoices[0]!.Id).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: "QboError", kind: "auth", code: "needs_reconnect" });
      expect(await getQboConnection(t.db, creditorId)).toMatchObject({
        status: "needs_reconnect",
        statusReason: "invalid_grant",
      });
      expect((await row(creditorId)).refreshTokenEnc).toBeNull();
      const events = await qboAudit(creditorId);
      expect(events.map((e) => e.action)).toEqual(["qbo.connected", "qbo.connection.needs_reconnect"]);
      expect(events[1]).toMatchObject({
        actorType: "system",
        details: expect.objectContaining({ reason: "invalid_grant", realmId: company.realmId }),
      });
      // Later callers are told to reconnect before any QBO call.
      await expect(getQboClientForCreditor(t.db, creditorId, deps)).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
      });
      // A fresh consent brings it back.
      double.setAuthorizeRealm(company.realmId);
      const { url } = await beginQboConnect(t.db, { creditorId }, admin, deps);
      const back = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
      await completeQboConnect(
        t.db,
        {
          creditorId,
          code: back.searchParams.get("code")!,
          realmId: company.realmId,
          state: back.searchParams.get("state")!,
        },
        admin,
        deps,
      );
      expect((await getQboConnection(t.db, creditorId))?.status).toBe("connected");
    });
  });

  describe("disconnecting", () => {
    it("revokes at the company, forgets the tokens and logs it", async () => {
      const { creditorId, company } = await connected();
      const refresh = await storedRefresh(creditorId);
      await disconnectQbo(t.db, { creditorId }, admin, deps);
      expect(await getQboConnection(t.db, creditorId)).toMatchObject({
        status: "disconnected",
        realmId: company.realmId,
      });
      expect((await row(creditorId)).accessTokenEnc).toBeNull();
      await expect(refreshTokens(deps.oauth!, refresh)).rejects.toMatchObject({ error: "invalid_grant" });
      expect((await qboAudit(creditorId)).at(-1)).toMatchObject({
        action: "qbo.disconnected",
        details: expect.objectContaining({ revokedAtIntuit: true }),
      });
      await expect(getQboClientForCreditor(t.db, creditorId, deps)).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
      });
    });
  });
});
