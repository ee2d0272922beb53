import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** A creditor, placement or other record that does not exist (answers 404 inside the back-office frame). */
export default function NotFound() {
  return (
    <EmptyState
      icon={<SearchX />}
      title="Not found"
      description="Nothing exists at this address: the record may never have existed, or the link is incomplete. Check the link or use the navigation."
      action={
        <Button asChild variant="outline" size="sm">
          <Link href="/backoffice/work-items">Go to the work queue</Link>
        </Button>
      }
    />
  );
}
