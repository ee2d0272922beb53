/** Who caused a change: a person, an API key, a webhook delivery, a job, or the system itself. */
export type Actor =
  | { type: "user"; id: string }
  | { type: "api_key"; id: string }
  | { type: "stripe_webhook"; id: string }
  | { type: "qbo_webhook"; id: string }
  | { type: "job"; id: string }
  | { type: "system"; id: string };

export const systemActor = (id = "system"): Actor => ({ type: "system", id });
