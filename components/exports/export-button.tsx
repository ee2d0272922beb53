"use client";

import * as React from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { ChevronDown, Download } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toast";

type Filters = {
  status?: string;
  currency?: string;
  placement_id?: string;
  occurred_from?: string;
  occurred_to?: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The remittance list's URL filters as export filters (`to` is exclusive there, so it goes as an instant). */
function filtersFromUrl(get: (k: string) => string | null): Filters {
  const from = get("from");
  const to = get("to");
  const status = get("status");
  const currency = get("currency");
  const placement = get("placement");
  return {
    ...(status && ["cleared", "reversed", "reinstated"].includes(status) ? { status } : {}),
    ...(currency && /^[A-Z]{3}$/.test(currency) ? { currency } : {}),
    ...(placement && UUID.test(placement) ? { placement_id: placement } : {}),
    ...(from && DATE.test(from) ? { occurred_from: from } : {}),
    ...(to && DATE.test(to) ? { occurred_to: `${to}T00:00:00Z` } : {}),
  };
}

/**
 * "Export": a CSV of the remittances the page shows (its current filters), or the QuickBooks bank
 * file. The export renders in the background; the Exports page shows its progress and the download.
 */
export function ExportButton({ filters: given }: { filters?: Filters }) {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const create = useMutation(trpc.exports.create.mutationOptions());
  const start = async (format: "csv" | "qbo_bank_csv") => {
    const filters = given ?? filtersFromUrl((k) => params.get(k));
    try {
      const e = await create.mutateAsync({ type: "remittances", format, filters, includeBom: format === "csv" });
      toast.success("Export started", { description: "It is being rendered; the Exports page shows its progress." });
      router.push(`/exports?highlight=${e.id}`);
    } catch (err) {
      toast.error("The export could not be started", { description: err instanceof Error ? err.message : undefined });
    }
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" disabled={create.isPending}>
          <Download aria-hidden /> Export <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Remittances with the current filters</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void start("csv")}>CSV (Excel-ready)</DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void start("qbo_bank_csv")}>QuickBooks bank file (CSV)</DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
