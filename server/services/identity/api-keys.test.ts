import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { makeCreditor } from "@/server/testing/factories";
import { systemActor } from "@/server/domain/actor";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

const code = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe("API keys", () => {
  const t = useTestDb();
  let creditorId = "";
  let otherId = "";
  const actor = systemActor("test");
  beforeAll(async () => {
    creditorId = (await makeCreditor(t.db)).id;
    otherId = (await makeCreditor(t.db)).id;
  });

  it("shows the secret once, stores only its hash, and lists prefix, created and last used", async () => {
    const { key, secret } = await createApiKey(t.db, creditorId, "  Our ERP  ", actor);
    expect(secret).toMatch(/^cb_live_[0-9a-f]{12}_[\w-]{43}$/);
    expect(secret.startsWith(`cb_live_${key.prefix}_`)).toBe(true);
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(JSON.stringify(row)).not.toContain(secret.slice(21));
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await listApiKeys(t.db, creditorId);
    expect(listed).toEqual([
      expect.objectContaining({ id: key.id, name: "Our ERP", prefix: key.prefix, lastUsedAt: null, revokedAt: null }),
    ]);
    expect(Object.keys(listed[0]!)).not.toContain("secretHash");
    expect(await authenticateApiKey(t.db, secret)).toEqual({ keyId: key.id, creditorId });
    expect((await listApiKeys(t.db, creditorId))[0]!.lastUsedAt).toBeInstanceOf(Date);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, key.id));
    expect(audit).toMatchObject({ action: "api_key.created", category: "auth", creditorId });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(21));
  });

  it("refuses malformed, unknown, tampered and revoked keys alike", async () => {
    const { key, secret } = await createApiKey(t.db, creditorId, "To revoke", actor);
    const tampered = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    for (const presented of ["", "Bearer x", "cb_live_zzzzzzzzzzzz_" + "a".repeat(43), tampered])
      expect(await code(authenticateApiKey(t.db, presented))).toBe("UNAUTHORIZED");
    expect(await code(revokeApiKey(t.db, otherId, key.id, actor))).toBe("NOT_FOUND");
    await revokeApiKey(t.db, creditorId, key.id, actor);
    await revokeApiKey(t.db, creditorId, key.id, actor);
    expect(await code(authenticateApiKey(t.db, secret))).toBe("UNAUTHORIZED");
    const revocations = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, key.id));
    expect(revocations.filter((a) => a.action === "api_key.revoked")).toHaveLength(1);
    expect(await code(createApiKey(t.db, creditorId, "   ", actor))).toBe("BAD_REQUEST");
  });
});
