import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EvidenceFacts } from "./evidence-facts";
import type { WorkItemPanelProps } from "./types";

/** Any kind without its own panel: what happened and the evidence recorded with it. */
export function GenericPanel({ item, evidence }: WorkItemPanelProps) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Evidence</CardTitle>
        <CardDescription>{item.nextAction}</CardDescription>
      </CardHeader>
      <CardContent>
        <EvidenceFacts evidence={evidence} />
      </CardContent>
    </Card>
  );
}
