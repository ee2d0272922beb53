import { getDb } from "@/server/db";
import { qboWebhookVerifierFromEnv } from "@/server/integrations/qbo/config";
import { requestJob } from "@/server/jobs/notify";
import { readCapped } from "@/server/lib/read-capped";
import { receiveQboWebhook } from "@/server/services/qbo/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Intuit's payloads are small; anything far larger is not from Intuit. */
const MAX_BYTES = 1_000_000;

/**
 * QuickBooks → Clearbook change notifications: `intuit-signature` checked on the raw body (bad →
 * 401, nothing stored), CloudEvents arrays and legacy payloads stored once each, then answered at
 * once; the work (CDC catch-up, direct-payment candidates, drift) happens in a job.
 */
export async function POST(req: Request): Promise<Response> {
  // Read no further than the limit: a 20 MB body is refused after 1 MB, not buffered whole first.
  const raw = await readCapped(req, MAX_BYTES);
  if (raw === null) return Response.json({ error: `Payload over ${MAX_BYTES} bytes.` }, { status: 413 });
  const r = await receiveQboWebhook(getDb, raw, req.headers.get("intuit-signature"), qboWebhookVerifierFromEnv());
  if (r.status === 200 && r.realmIds.length > 0)
    await requestJob({ job: "qboWebhooks", requestedBy: "qbo-webhook", realmIds: r.realmIds });
  return Response.json(r.body, { status: r.status });
}
