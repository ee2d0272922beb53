import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Any address no route matches (answers 404): one calm page with the way back. */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 px-4 py-12">
      <div className="w-full max-w-md rounded-lg border bg-card">
        <EmptyState
          icon={<SearchX />}
          title="Page not found"
          description="Nothing exists at this address. Check the link, or go back to your start page."
          action={
            <Button asChild variant="outline" size="sm">
              <Link href="/">Go to your start page</Link>
            </Button>
          }
        />
      </div>
    </main>
  );
}
