import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";

export type AuditInput = {
  actor: Actor;
  action: string;
  category?: "general" | "ledger" | "payments" | "qbo" | "auth" | "intake" | "exceptions" | "statements" | "exports";
  creditorId?: string | null;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
};

/** Append one audit event. Call it inside the transaction that makes the change it records. */
export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db.insert(auditEvents).values(auditRow(input));
}

/** An audit event's row: the one place it is built, whichever statement writes it. */
export function auditRow(input: AuditInput): typeof auditEvents.$inferInsert {
  return {
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: input.action,
    category: input.category ?? "general",
    creditorId: input.creditorId ?? null,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    details: jsonSafe(input.details ?? {}),
  };
}

/** Append many audit events in one statement (a job's bulk outcome), same rows as recordAudit. */
export async function recordAudits(db: Db, inputs: AuditInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += 2_000)
    await db.insert(auditEvents).values(inputs.slice(i, i + 2_000).map(auditRow));
}

/** jsonb cannot hold bigint: money in audit details is kept as exact decimal strings of minor units. */
export function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}
