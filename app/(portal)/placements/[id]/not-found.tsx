import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function PlacementNotFound() {
  return (
    <EmptyState
      icon={<SearchX />}
      title="Placement not found"
      description="There is no placement with this reference in your account. Check the link, or find the invoice in your placements."
      action={
        <Button asChild variant="outline" size="sm">
          <Link href="/placements">Go to placements</Link>
        </Button>
      }
    />
  );
}
