import { humanize, money } from "@/components/portal/format";

/** Evidence keys that hold minor units (kept as decimal strings in jsonb). */
const MONEY_KEYS = new Set([
  "amount",
  "fromCredit",
  "fromRemittance",
  "fee",
  "net",
  "excess",
  "writeOff",
  "expected",
  "actual",
]);

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value, null, 1);
}

/** An item's evidence as label/value pairs, nested objects shown as compact JSON. */
export function EvidenceFacts({ evidence, omit = [] }: { evidence: Record<string, unknown>; omit?: string[] }) {
  const currency =
    typeof evidence.currency === "string" && /^[A-Z]{3}$/.test(evidence.currency) ? evidence.currency : null;
  const shown = (k: string, v: unknown) =>
    currency && MONEY_KEYS.has(k) && typeof v === "string" && /^-?\d{1,19}$/.test(v)
      ? money(BigInt(v), currency)
      : show(v);
  const entries = Object.entries(evidence).filter(([k]) => !omit.includes(k));
  if (!entries.length) return <p className="text-sm text-muted-foreground">No evidence was recorded with this item.</p>;
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      {entries.map(([k, v]) => (
        <div key={k} className="grid min-w-0 gap-0.5">
          <dt className="text-xs text-muted-foreground">{humanize(k)}</dt>
          <dd className="min-w-0 text-sm break-words">
            {typeof v === "object" && v !== null ? (
              <pre
                tabIndex={0}
                role="region"
                aria-label={humanize(k)}
                className="max-h-48 overflow-auto rounded bg-muted p-2 font-mono text-xs whitespace-pre-wrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/40"
              >
                {show(v)}
              </pre>
            ) : (
              shown(k, v)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
