/**
 * TEST HELPER: the server process of the crash tests (run with tsx, killed with SIGKILL by the test).
 *
 *   CRASH_MODE=stripe     serve the Stripe webhook (the real transport and inbox) on a free port;
 *                         prints `READY <port>`.
 *   CRASH_MODE=writeback  run QuickBooks writeback ticks against CRASH_QBO_URL until nothing is
 *                         pending; prints `DONE <posted>`.
 *
 * CRASH_DATABASE_URL names the test's PostgreSQL database.
 */
import http from "node:http";
import { ne } from "drizzle-orm";
import { connect } from "@/db/client";
import { qboPaymentMappings } from "@/db/schema";
import { oauthEndpointsAt } from "@/server/integrations/qbo/config";
import { parseTokenKey } from "@/server/integrations/qbo/crypto";
import { handleStripeWebhook } from "@/server/integrations/stripe/webhook-http";
import { runWritebackTick } from "@/server/services/qbo/writeback";
import { receiveStripeEvent } from "@/server/services/stripe-events/inbox";
import { testLimiter } from "./qbo";
import { TEST_WEBHOOK_SECRET } from "./stripe";

const need = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

async function serveStripe() {
  const { db } = await connect({ url: need("CRASH_DATABASE_URL"), driver: "postgres", poolSize: 8 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
      const response = await handleStripeWebhook(request, {
        secrets: [TEST_WEBHOOK_SECRET],
        receive: (event) => receiveStripeEvent(db, event),
      });
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
  });
}

async function runWritebacks() {
  const { db, close } = await connect({ url: need("CRASH_DATABASE_URL"), driver: "postgres", poolSize: 4 });
  const base = need("CRASH_QBO_URL");
  const deps = {
    key: parseTokenKey(need("CRASH_TOKEN_KEY")),
    oauth: {
      clientId: need("CRASH_QBO_CLIENT_ID"),
      clientSecret: need("CRASH_QBO_CLIENT_SECRET"),
      redirectUri: "http://clearbook.test/api/integrations/qbo/callback",
      ...oauthEndpointsAt(base),
    },
    apiBase: base,
    client: { limiter: testLimiter(), timeoutMs: 5_000, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 20 } },
  };
  // A restarted runner finds the killed one's claims: ticks run hours ahead, past any lease.
  let now = Date.now() + Number(process.env.CRASH_CLOCK_OFFSET_MS ?? 0);
  let posted = 0;
  for (let tick = 0; tick < 20; tick++) {
    const r = await runWritebackTick(db, deps, { now: new Date((now += 2 * 3_600_000)) });
    posted += r.posted;
    const open = await db
      .select({ id: qboPaymentMappings.id })
      .from(qboPaymentMappings)
      .where(ne(qboPaymentMappings.status, "posted"))
      .limit(1);
    if (!open.length) break;
  }
  console.log(`DONE ${posted}`);
  await close();
}

if (process.env.CRASH_MODE === "stripe") void serveStripe();
else if (process.env.CRASH_MODE === "writeback") void runWritebacks();
else throw new Error("CRASH_MODE must be stripe or writeback");
