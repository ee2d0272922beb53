"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { FilterSelect } from "@/components/portal/filter-select";
import { useUrlState } from "@/components/portal/list-state";

/** "All creditors" or one, bound to the `creditor` search param of the list it sits in. */
export function CreditorFilter() {
  const trpc = useTRPC();
  const [url, setUrl] = useUrlState(["creditor"] as const);
  const creditors = useQuery(trpc.backoffice.creditors.queryOptions({ limit: 200 }, { staleTime: 5 * 60_000 }));
  return (
    <FilterSelect
      label="Creditors"
      value={url.creditor}
      onChange={(v) => setUrl({ creditor: v })}
      options={(creditors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
      className="w-48"
    />
  );
}
