import type { WorkItemDetail } from "@/server/services/work-items/read";

/** What every kind's panel receives: the item (with history and four-eyes names), its evidence, and who is looking. */
export type WorkItemPanelProps = {
  item: WorkItemDetail;
  evidence: Record<string, unknown>;
  viewer: { id: string; role: string };
};
