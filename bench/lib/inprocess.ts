import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { storeEventOnly } from "./stripe-floor";
import { receiveStripeEvent } from "@/server/services/stripe-events/inbox";
import { handleStripeWebhook } from "@/server/integrations/stripe/webhook-http";

/**
 * FALLBACK when the Next app cannot be built: the same route handler code
 * (`handleStripeWebhook`, full inbox vs one insert) behind a bare node:http server in this process.
 */
export async function startInProcess(db: Db, secret: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://bench${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
    const minimal = req.url === "/api/webhooks/stripe-minimal";
    const response = await handleStripeWebhook(request, {
      secrets: [secret],
      receive: (event) => (minimal ? storeEventOnly(db, event) : receiveStripeEvent(db, event)),
    });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}
