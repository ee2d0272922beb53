import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { notFound } from "@/server/errors";
import { findPlacement } from "./placement-list";
import { creditorStory, placementTimeline, type TimelineEvent } from "./placement-timeline";

/**
 * A creditor's placement page: the placement and its timeline. Another creditor's placement
 * answers exactly like a missing one. Audit events name the creditor's own people; agency staff
 * and machines appear by role, not by internal id.
 */
export async function creditorPlacementPage(db: Db, creditorId: string, placementId: string) {
  const placement = await findPlacement(db, placementId, creditorId);
  if (!placement) throw notFound("placement");
  const events = await creditorStory(db, await placementTimeline(db, placement));
  const userIds = [
    ...new Set(events.flatMap((e) => (e.kind === "audit" && e.actorType === "user" ? [e.actorId] : []))),
  ].filter(isUuid);
  const people = userIds.length
    ? await db
        .select({ id: users.id, name: users.name, creditorId: users.creditorId })
        .from(users)
        .where(inArray(users.id, userIds))
    : [];
  const own = new Map(people.filter((p) => p.creditorId === creditorId).map((p) => [p.id, p.name]));
  const timeline = events.map((e): TimelineEvent & { actorLabel?: string } =>
    e.kind === "audit"
      ? {
          ...e,
          actorId: "",
          actorLabel:
            e.actorType === "user"
              ? (own.get(e.actorId) ?? "Clearbook staff")
              : (ACTOR_LABELS[e.actorType] ?? "Clearbook"),
        }
      : e,
  );
  return { placement, timeline };
}

/** The back-office placement page: any creditor's placement, its timeline with work items, people by name. */
export async function staffPlacementPage(db: Db, placementId: string) {
  const placement = await findPlacement(db, placementId);
  if (!placement) throw notFound("placement");
  const events = await placementTimeline(db, placement, { includeWorkItems: true });
  const userIds = [
    ...new Set(events.flatMap((e) => (e.kind === "audit" && e.actorType === "user" ? [e.actorId] : []))),
  ].filter(isUuid);
  const people = userIds.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds))
    : [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const timeline = events.map((e): TimelineEvent & { actorLabel?: string } =>
    e.kind === "audit"
      ? {
          ...e,
          actorLabel:
            e.actorType === "user"
              ? (names.get(e.actorId) ?? `user ${e.actorId}`)
              : `${ACTOR_LABELS[e.actorType] ?? e.actorType} (${e.actorId})`,
        }
      : e,
  );
  return { placement, timeline };
}

export type PlacementPage = Awaited<ReturnType<typeof creditorPlacementPage>>;
export type PlacementTimelineItem = PlacementPage["timeline"][number];

const ACTOR_LABELS: Record<string, string> = {
  api_key: "API key",
  stripe_webhook: "Stripe",
  qbo_webhook: "QuickBooks",
  job: "Scheduled job",
  system: "Clearbook",
};

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
