import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = { headers: http.IncomingHttpHeaders; body: string };

/**
 * A local HTTP endpoint for outbound webhook tests: records what arrives and answers with
 * `respond` (status and body; default 200). `url` is on 127.0.0.1 (tests allow loopback).
 */
export async function startWebhookReceiver(
  respond: (n: number) => {
    status: number;
    body?: string;
    headers?: Record<string, string>;
    delayMs?: number;
  } = () => ({
    status: 200,
  }),
) {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const r = respond(received.length);
      setTimeout(() => {
        res.writeHead(r.status, { "content-type": "text/plain", ...r.headers });
        res.end(r.body ?? "ok");
      }, r.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
