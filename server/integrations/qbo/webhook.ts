import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { textProblem } from "@/server/lib/text-guard";

/**
 * Inbound QBO change notifications. Pure: verify the `intuit-signature` header on the raw body,
 * then normalise either payload shape — the CloudEvents array (current) or the legacy
 * `eventNotifications` object — into one list. Payloads carry ids only; the entity is fetched later.
 */
export type QboWebhookEvent = {
  /** CloudEvent `id`, or `legacy:<hash of the content>` so a redelivery dedupes the same way. */
  eventId: string;
  realmId: string;
  entity: string;
  entityId: string;
  /** QBO's verbs: Create, Update, Delete, Merge, Void, Emailed. */
  operation: string;
  occurredAt: Date | null;
  /** Merge only: the id that was merged away. */
  deletedId?: string;
};

export class QboWebhookPayloadError extends Error {
  override readonly name = "QboWebhookPayloadError";
}

/** base64(HMAC-SHA256(rawBody, verifierToken)) compared in constant time. */
export function verifyIntuitSignature(raw: string, header: string | null | undefined, verifierToken: string): boolean {
  if (!header || !verifierToken) return false;
  const expected = createHmac("sha256", verifierToken).update(raw, "utf8").digest();
  const got = Buffer.from(header.trim(), "base64");
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** The signature the double (and tests) put on a body. */
export function signIntuitPayload(raw: string, verifierToken: string): string {
  return createHmac("sha256", verifierToken).update(raw, "utf8").digest("base64");
}

const VERBS: Record<string, string> = {
  created: "Create",
  updated: "Update",
  deleted: "Delete",
  merged: "Merge",
  voided: "Void",
  emailed: "Emailed",
};
const ENTITIES: Record<string, string> = {
  payment: "Payment",
  invoice: "Invoice",
  customer: "Customer",
  creditmemo: "CreditMemo",
  salesreceipt: "SalesReceipt",
  refundreceipt: "RefundReceipt",
  journalentry: "JournalEntry",
  deposit: "Deposit",
};

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

// Times outside this range are not QuickBooks': unknown rather than a value PostgreSQL refuses.
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

function date(v: unknown): Date | null {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  const ms = d.getTime();
  return Number.isNaN(ms) || ms < EARLIEST || ms > LATEST ? null : d;
}

/**
 * Bounds of the identifiers a notification carries. Intuit's are short (realm and entity ids are
 * digits, CloudEvent ids UUID-like); anything far longer is not from Intuit, and an event id or
 * entity id is indexed (PostgreSQL refuses index rows over ~2.7 KB).
 */
const MAX_LENGTH: Record<"eventId" | "realmId" | "entity" | "entityId" | "operation" | "deletedId", number> = {
  eventId: 200,
  realmId: 64,
  entity: 64,
  entityId: 64,
  operation: 32,
  deletedId: 64,
};

/** An event whose identifiers are too long or hold control characters is refused with the payload. */
function checked(e: QboWebhookEvent, where: string): QboWebhookEvent {
  for (const field of Object.keys(MAX_LENGTH) as Array<keyof typeof MAX_LENGTH>) {
    const value = e[field];
    if (value === undefined) continue;
    if (value.length > MAX_LENGTH[field])
      throw new QboWebhookPayloadError(
        `${where}: ${field} is ${value.length} characters long; at most ${MAX_LENGTH[field]}.`,
      );
    const problem = textProblem(value);
    if (problem) throw new QboWebhookPayloadError(`${where}: ${field} ${problem}.`);
  }
  return e;
}

function fromCloudEvent(e: unknown, i: number): QboWebhookEvent {
  const o = (e ?? {}) as Record<string, unknown>;
  const id = str(o.id);
  const type = str(o.type);
  const realmId = str(o.intuitaccountid);
  const entityId = str(o.intuitentityid);
  if (!id || !type || !realmId || !entityId)
    throw new QboWebhookPayloadError(`CloudEvent #${i} lacks id, type, intuitaccountid or intuitentityid.`);
  // qbo.<entity>.<verb>.v<n>
  const [, entityPart = "", verbPart = ""] = type.split(".");
  const entity = ENTITIES[entityPart.toLowerCase()] ?? entityPart.charAt(0).toUpperCase() + entityPart.slice(1);
  const operation = VERBS[verbPart.toLowerCase()] ?? verbPart;
  if (!entity || !operation)
    throw new QboWebhookPayloadError(`CloudEvent #${i} has an unrecognised type ${JSON.stringify(type)}.`);
  const data = (o.data ?? {}) as Record<string, unknown>;
  const deletedId = str(data.deletedId ?? data.deletedid);
  return checked(
    {
      eventId: id,
      realmId,
      entity,
      entityId,
      operation,
      occurredAt: date(o.time),
      ...(deletedId ? { deletedId } : {}),
    },
    `CloudEvent #${i}`,
  );
}

function fromLegacy(body: Record<string, unknown>): QboWebhookEvent[] {
  const notes = body.eventNotifications;
  if (!Array.isArray(notes)) throw new QboWebhookPayloadError("Legacy payload has no eventNotifications array.");
  const out: QboWebhookEvent[] = [];
  for (const note of notes as Array<Record<string, unknown>>) {
    const realmId = str(note?.realmId);
    const entities = (note?.dataChangeEvent as { entities?: unknown } | undefined)?.entities;
    if (!realmId || !Array.isArray(entities))
      throw new QboWebhookPayloadError("A legacy notification lacks realmId or dataChangeEvent.entities.");
    for (const raw of entities as Array<Record<string, unknown>>) {
      const entity = str(raw?.name);
      const entityId = str(raw?.id);
      const operation = str(raw?.operation);
      if (!entity || !entityId || !operation)
        throw new QboWebhookPayloadError("A legacy entity lacks name, id or operation.");
      const lastUpdated = str(raw.lastUpdated) ?? "";
      const deletedId = str(raw.deletedId);
      const digest = createHash("sha256")
        .update([realmId, entity, entityId, operation, lastUpdated, deletedId ?? ""].join("|"))
        .digest("hex");
      out.push(
        checked(
          {
            eventId: `legacy:${digest.slice(0, 40)}`,
            realmId,
            entity,
            entityId,
            operation,
            occurredAt: date(lastUpdated),
            ...(deletedId ? { deletedId } : {}),
          },
          `Legacy entity #${out.length}`,
        ),
      );
    }
  }
  return out;
}

/** Parse a verified body into normalised events (one delivery may span several companies). */
export function parseQboWebhook(raw: string): QboWebhookEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new QboWebhookPayloadError("Webhook body is not JSON.");
  }
  if (Array.isArray(body)) return body.map(fromCloudEvent);
  if (body && typeof body === "object") {
    const o = body as Record<string, unknown>;
    if ("eventNotifications" in o) return fromLegacy(o);
    if ("specversion" in o) return [fromCloudEvent(o, 0)];
  }
  throw new QboWebhookPayloadError(
    "Webhook body is neither a CloudEvents array nor a legacy eventNotifications object.",
  );
}
