import { Spinner } from "@/components/ui/spinner";
import { money } from "@/components/portal/format";

export type PreviewLine = { label: string; amount?: bigint; text?: string; emphasis?: boolean };

/** The money effect of an action before it is confirmed: each row that will be written and the balance after. */
export function MoneyPreview({
  lines,
  currency,
  loading,
  error,
}: {
  lines: PreviewLine[];
  currency: string;
  loading?: boolean;
  error?: string | null;
}) {
  if (loading)
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
        <Spinner /> Working out the effect…
      </p>
    );
  if (error)
    return (
      <p role="alert" className="text-sm text-destructive">
        {error}
      </p>
    );
  return (
    <dl className="grid gap-1.5 rounded-md border bg-muted/40 p-3 text-sm" aria-label="Money effect">
      {lines.map((l) => (
        <div key={l.label} className="flex items-baseline justify-between gap-4">
          <dt className="text-muted-foreground">{l.label}</dt>
          <dd className={l.emphasis ? "font-semibold tabular-nums" : "tabular-nums"}>
            {l.amount !== undefined ? money(l.amount, currency) : l.text}
          </dd>
        </div>
      ))}
    </dl>
  );
}
