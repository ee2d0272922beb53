/**
 * The one rule for characters at every edge (/v1, tRPC, CSV intake, webhooks), so the fuzz suite,
 * the contract tests and the handlers agree on what is refused:
 * - NUL (U+0000): PostgreSQL text and jsonb cannot hold it (the insert fails, a 500 before this rule);
 * - an unpaired UTF-16 surrogate ("\ud800" in JSON): not a character at all, and jsonb refuses it;
 * - the other C0 control characters and DEL: storable, but no business value has them and they
 *   corrupt logs, CSV exports and mail headers. Tab, line feed and carriage return stay allowed
 *   (a CSV file is multi-line; free text may wrap).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Nesting deeper than this is refused: no request of ours nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

function describe(s: string, at: number): string {
  const c = s[at]!;
  const kind =
    c === "\u0000"
      ? "a NUL character"
      : c >= "\ud800" && c <= "\udfff"
        ? "an unpaired UTF-16 surrogate (not valid text)"
        : "a control character";
  // Multi-line text (a CSV file) is easier to fix with the line named.
  const line = s.slice(0, at).split("\n").length;
  return `contains ${kind} (${codePoint(c)})${s.includes("\n") ? ` on line ${line}` : ""}`;
}

/** What is wrong with one string under the edge rule, or null. */
export function textProblem(s: string): string | null {
  const m = FORBIDDEN.exec(s);
  return m ? describe(s, m.index) : null;
}

/** What PostgreSQL cannot store in the string (NUL, an unpaired surrogate), or null; other controls are storable. */
export function storageProblem(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  return m ? describe(s, m.index) : null;
}

export type TextFinding = { path: string; problem: string };

/**
 * The first string (value or object key) anywhere in `value` that breaks the edge rule, with its
 * path (`placements.3.debtor_name`), or a structure nested deeper than MAX_JSON_DEPTH. `check`
 * narrows the rule (the Stripe inbox only needs what PostgreSQL cannot store).
 */
export function findBadText(
  value: unknown,
  check: (s: string) => string | null = textProblem,
  path: string[] = [],
): TextFinding | null {
  const at = (more: string[]) => more.join(".") || "(body)";
  if (typeof value === "string") {
    const problem = check(value);
    return problem ? { path: at(path), problem } : null;
  }
  if (!value || typeof value !== "object") return null;
  if (path.length >= MAX_JSON_DEPTH) return { path: at(path), problem: `is nested over ${MAX_JSON_DEPTH} levels deep` };
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : value instanceof Date
      ? []
      : Object.entries(value);
  for (const [key, v] of entries) {
    const keyProblem = check(key);
    if (keyProblem) return { path: at(path), problem: `has a field name that ${keyProblem}` };
    const found = findBadText(v, check, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** The edge rule as one sentence for an error answer: `debtor_name contains a NUL character (U+0000)`. */
export const findingMessage = (f: TextFinding) => `${f.path} ${f.problem}`;
