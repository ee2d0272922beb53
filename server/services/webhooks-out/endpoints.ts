import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { WEBHOOK_EVENT_TYPES, webhookEndpoints, webhookSecrets } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { newSigningSecret } from "@/server/integrations/webhooks-out/send";
import { assertPublicUrl, BlockedAddressError } from "@/server/integrations/webhooks-out/ssrf";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { type WebhookDeps, openSecret, sealSecret } from "./settings";

export type EndpointInput = { url: string; description?: string; events: string[]; isEnabled?: boolean };

/** Refuse a URL we will not call: not HTTPS (plain HTTP only to loopback when allowed), credentials in it, or an address that is not public. */
async function checkUrl(raw: string, d: WebhookDeps): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "the endpoint URL is not a valid URL; use https://…");
  }
  const isLoopbackHttp =
    url.protocol === "http:" && d.policy.allowLoopback && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !isLoopbackHttp)
    throw new AppError("BAD_REQUEST", "the endpoint URL must use https://");
  if (url.username || url.password)
    throw new AppError("BAD_REQUEST", "remove the user name and password from the URL; verify our signature instead");
  try {
    await assertPublicUrl(url, d.policy);
  } catch (err) {
    if (err instanceof BlockedAddressError) throw new AppError("BAD_REQUEST", err.message);
    throw new AppError("BAD_REQUEST", `cannot resolve ${url.hostname}: check the host name`);
  }
  return url.toString();
}

function checkEvents(events: string[]): string[] {
  const unknown = events.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length) throw new AppError("BAD_REQUEST", `unknown event types: ${unknown.join(", ")}`);
  if (events.length === 0) throw new AppError("BAD_REQUEST", "choose at least one event to send");
  return [...new Set(events)];
}

/** Create an endpoint; the signing secret is returned this once and never shown again. */
export async function createEndpoint(db: Db, d: WebhookDeps, creditorId: string, input: EndpointInput, actor: Actor) {
  const url = await checkUrl(input.url, d);
  const events = checkEvents(input.events);
  const secret = newSigningSecret();
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        creditorId,
        url,
        description: input.description?.trim() ?? "",
        events,
        isEnabled: input.isEnabled ?? true,
      })
      .returning();
    await tx.insert(webhookSecrets).values({
      endpointId: endpoint!.id,
      secretSealed: sealSecret(d, endpoint!.id, secret),
      hint: secret.slice(0, 10),
    });
    await recordAudit(tx, {
      actor,
      action: "webhook_endpoint.created",
      creditorId,
      targetType: "webhook_endpoint",
      targetId: endpoint!.id,
      details: { url, events },
    });
    return { endpoint: endpoint!, secret };
  });
}

/** One endpoint of this creditor (another creditor's answers NOT_FOUND). */
export async function getEndpoint(db: Db, creditorId: string, endpointId: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.creditorId, creditorId)));
  if (!row) throw notFound("webhook endpoint");
  return row;
}

/** The creditor's endpoints, with the hints of their live secrets. */
export async function listEndpoints(db: Db, creditorId: string, now = new Date()) {
  const endpoints = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.creditorId, creditorId))
    .orderBy(desc(webhookEndpoints.createdAt));
  const secrets = await liveSecretRows(db, undefined, now);
  return endpoints.map((e) => ({
    ...e,
    secrets: secrets
      .filter((s) => s.endpointId === e.id)
      .map((s) => ({ id: s.id, hint: s.hint, createdAt: s.createdAt, expiresAt: s.expiresAt })),
  }));
}

/** Change an endpoint's URL, events, description or enabled flag (enabling clears an automatic disable). */
export async function updateEndpoint(
  db: Db,
  d: WebhookDeps,
  creditorId: string,
  endpointId: string,
  input: Partial<EndpointInput>,
  actor: Actor,
) {
  const current = await getEndpoint(db, creditorId, endpointId);
  const url = input.url === undefined ? current.url : await checkUrl(input.url, d);
  const events = input.events === undefined ? current.events : checkEvents(input.events);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        url,
        events,
        description: input.description?.trim() ?? current.description,
        isEnabled: input.isEnabled ?? current.isEnabled,
        ...(input.isEnabled === true ? { disabledReason: null, failingSince: null } : {}),
        ...(input.isEnabled === false ? { disabledReason: "disabled by a person" } : {}),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning();
    await recordAudit(tx, {
      actor,
      action: "webhook_endpoint.updated",
      creditorId,
      targetType: "webhook_endpoint",
      targetId: endpointId,
      details: { url, events, isEnabled: row!.isEnabled },
    });
    return row!;
  });
}

/**
 * Rotate the signing secret: the new one is returned once and signs from now on; the old ones keep
 * signing beside it for `overlapHours` (0 = stop at once), so a receiver can switch without a gap.
 */
export async function rotateSecret(
  db: Db,
  d: WebhookDeps,
  creditorId: string,
  endpointId: string,
  overlapHours: number,
  actor: Actor,
  now = new Date(),
) {
  await getEndpoint(db, creditorId, endpointId);
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 7 * 24)
    throw new AppError("BAD_REQUEST", "the overlap must be 0 to 168 hours");
  const secret = newSigningSecret();
  const until = new Date(now.getTime() + overlapHours * 3_600_000);
  await db.transaction(async (tx) => {
    await tx
      .update(webhookSecrets)
      .set({ expiresAt: until })
      .where(
        and(
          eq(webhookSecrets.endpointId, endpointId),
          or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, until)),
        ),
      );
    await tx.insert(webhookSecrets).values({
      endpointId,
      secretSealed: sealSecret(d, endpointId, secret),
      hint: secret.slice(0, 10),
      createdAt: now,
    });
    await recordAudit(tx, {
      actor,
      action: "webhook_endpoint.secret_rotated",
      creditorId,
      targetType: "webhook_endpoint",
      targetId: endpointId,
      details: { overlapHours, previousExpireAt: until.toISOString() },
    });
  });
  return { secret, previousExpireAt: until };
}

function liveSecretRows(db: Db, endpointId: string | undefined, now: Date) {
  return db
    .select()
    .from(webhookSecrets)
    .where(
      and(
        endpointId ? eq(webhookSecrets.endpointId, endpointId) : undefined,
        or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, now)),
      ),
    )
    .orderBy(desc(webhookSecrets.createdAt));
}

/** The secrets that sign a message now, newest first (during a rotation's overlap, two). */
export async function liveSecrets(db: Db, d: WebhookDeps, endpointId: string, now = new Date()): Promise<string[]> {
  const rows = await liveSecretRows(db, endpointId, now);
  return rows.map((r) => openSecret(d, endpointId, r.secretSealed));
}
