/**
 * TEST DOUBLE — NOT QuickBooks. Delivers the double's pending change events to a webhook URL,
 * signed like Intuit (`intuit-signature` = base64 HMAC-SHA256 of the raw body with the verifier
 * token), as a CloudEvents array (current format) or the legacy `eventNotifications` object.
 */
import { randomUUID } from "node:crypto";
import { signIntuitPayload } from "../webhook";
import type { ChangeEvent, DoubleStore } from "./store";

export type WebhookFormat = "cloudevents" | "legacy";

const VERB: Record<ChangeEvent["operation"], string> = { Create: "created", Update: "updated", Delete: "deleted" };

/** The raw body QBO would send for these changes. */
export function webhookBody(changes: readonly ChangeEvent[], format: WebhookFormat): string {
  if (format === "cloudevents") {
    return JSON.stringify(
      changes.map((c) => ({
        specversion: "1.0",
        id: randomUUID(),
        source: "intuit.qbo.test-double",
        type: `qbo.${c.entity.toLowerCase()}.${VERB[c.operation]}.v1`,
        datacontenttype: "application/json",
        time: new Date(c.at).toISOString(),
        intuitentityid: c.id,
        intuitaccountid: c.realmId,
        data: {},
      })),
    );
  }
  const byRealm = new Map<string, ChangeEvent[]>();
  for (const c of changes) byRealm.set(c.realmId, [...(byRealm.get(c.realmId) ?? []), c]);
  return JSON.stringify({
    eventNotifications: [...byRealm].map(([realmId, list]) => ({
      realmId,
      dataChangeEvent: {
        entities: list.map((c) => ({
          name: c.entity,
          id: c.id,
          operation: c.operation,
          lastUpdated: new Date(c.at).toISOString(),
        })),
      },
    })),
  });
}

export type EmitOptions = {
  url: string;
  format: WebhookFormat;
  /** Only this company's changes (default: all pending). */
  realmId?: string;
  /** Sign with this instead of the double's verifier token (to test a bad signature). */
  verifierToken?: string;
  /** Only these entities (default: all). */
  entities?: ReadonlyArray<ChangeEvent["entity"]>;
  fetch?: typeof fetch;
};

/** POST pending changes; on a 2xx they are delivered and leave the queue, otherwise they stay for the next try. */
export async function emitWebhooks(
  store: DoubleStore,
  defaultToken: string,
  opts: EmitOptions,
): Promise<{ status: number; count: number; body: string }> {
  const chosen = store.pendingChanges.filter(
    (c) => (!opts.realmId || c.realmId === opts.realmId) && (!opts.entities || opts.entities.includes(c.entity)),
  );
  if (chosen.length === 0) return { status: 204, count: 0, body: "" };
  const body = webhookBody(chosen, opts.format);
  const res = await (opts.fetch ?? fetch)(opts.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "intuit-signature": signIntuitPayload(body, opts.verifierToken ?? defaultToken),
    },
    body,
  });
  if (res.ok) {
    const sent = new Set(chosen.map((c) => c.seq));
    store.pendingChanges = store.pendingChanges.filter((c) => !sent.has(c.seq));
  }
  return { status: res.status, count: chosen.length, body };
}
