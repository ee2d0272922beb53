import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** An address or record the portal does not have (answers 404 inside the portal frame, navigation kept). */
export default function PortalNotFound() {
  return (
    <EmptyState
      icon={<SearchX />}
      title="Page not found"
      description="Nothing exists at this address in your portal. Check the link, or use the navigation."
      action={
        <Button asChild variant="outline" size="sm">
          <Link href="/overview">Go to the overview</Link>
        </Button>
      }
    />
  );
}
