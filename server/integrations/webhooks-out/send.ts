import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Webhook } from "standardwebhooks";
import { type AddressPolicy, checkAddress, guardedLookup } from "./ssrf";

/**
 * Outbound webhook transport: Standard Webhooks signing and one guarded POST. Transport only (no
 * database): the delivery service decides what to send, when, and what an answer means.
 */

/** A fresh Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}`;
}

/**
 * The three Standard Webhooks headers. With several secrets (a rotation's overlap) the signature
 * header carries one `v1,…` per secret, space-separated, as the specification allows, so a receiver
 * holding either secret verifies.
 */
export function signedHeaders(msgId: string, at: Date, body: string, secrets: string[]): Record<string, string> {
  if (secrets.length === 0) throw new Error("an endpoint needs at least one signing secret");
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(timestamp.getTime() / 1000),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(msgId, timestamp, body)).join(" "),
  };
}

export type SendOptions = AddressPolicy & { timeoutMs: number; userAgent?: string };
export type SendOutcome = {
  /** HTTP status, or null when no answer came (refused address, DNS, timeout, connection). */
  status: number | null;
  latencyMs: number;
  /** The start of the answer body (or the error), for the delivery log. */
  excerpt: string;
  error: string | null;
};

const EXCERPT_BYTES = 1024;

/**
 * POST `body` to `url` with `headers`. Never follows redirects (a 3xx is a failed delivery: a
 * redirect could point anywhere), gives up after `timeoutMs` in all, refuses blocked addresses
 * after DNS resolution (ssrf.ts), and reads at most 1 KiB of the answer.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, opts: SendOptions) {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const sent: { req?: http.ClientRequest } = {};
    // The whole exchange (DNS, connect, TLS, answer) must fit in timeoutMs.
    const timer = setTimeout(() => {
      const late = new Error(`no answer within ${opts.timeoutMs} ms`);
      if (sent.req) sent.req.destroy(late);
      else fail(late);
    }, opts.timeoutMs);
    const done = (o: Omit<SendOutcome, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...o, latencyMs: elapsed() });
    };
    const fail = (err: unknown) =>
      done({ status: null, excerpt: "", error: err instanceof Error ? err.message : String(err) });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return fail(new Error(`not a valid URL: ${url}`));
    }
    const host = target.hostname.replace(/^\[|\]$/g, "");
    // A literal IP skips DNS (and so the guarded lookup): check it here.
    if (net.isIP(host)) {
      const refused = checkAddress(host, host, opts);
      if (refused) return fail(refused);
    }
    const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
    if (!client) return fail(new Error(`unsupported scheme ${target.protocol}`));
    const req = client.request(
      target,
      {
        method: "POST",
        lookup: guardedLookup(opts),
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": opts.userAgent ?? "Clearbook-Webhooks/1.0",
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(c.subarray(0, EXCERPT_BYTES - size));
          size += c.length;
          if (size >= EXCERPT_BYTES) res.destroy();
        });
        const finish = () =>
          done({
            status: res.statusCode ?? null,
            excerpt: Buffer.concat(chunks).toString("utf8"),
            error: null,
          });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    sent.req = req;
    req.on("error", fail);
    req.end(body);
  });
}
