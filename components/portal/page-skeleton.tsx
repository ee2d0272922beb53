import { Skeleton } from "@/components/ui/skeleton";

/** What a page shows while its server part loads: a header and a table's worth of rows. */
export function PageSkeleton({ rows = 8, cards = 0 }: { rows?: number; cards?: number }) {
  return (
    <div className="grid gap-6" aria-busy aria-label="Loading">
      <div className="grid gap-2">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      {cards ? (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          {Array.from({ length: cards }, (_, i) => (
            <Skeleton key={i} className="h-[106px] rounded-lg" />
          ))}
        </div>
      ) : null}
      <div className="grid gap-2 rounded-lg border p-3">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-8" style={{ opacity: 1 - i * 0.08 }} />
        ))}
      </div>
    </div>
  );
}
