import type { Db } from "@/db/client";
import { deliverDueWebhooks } from "./deliver";
import { type SendMail, sendDisabledNotices } from "./disabled-notice";
import { fanOutWebhookEvents } from "./fanout";
import type { WebhookDeps } from "./settings";

/** One pass of the outbound webhook job: new events into deliveries, due deliveries sent, disable notices mailed. */
export async function runWebhookDeliveries(db: Db, d: WebhookDeps, opts: { now?: Date; send?: SendMail } = {}) {
  const fanOut = await fanOutWebhookEvents(db, opts);
  const delivered = await deliverDueWebhooks(db, d, opts);
  const notices = await sendDisabledNotices(db, opts);
  return { ...fanOut, ...delivered, notices: notices.notices };
}
