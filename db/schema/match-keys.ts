import { FACT_KEYS, MIN_TOKEN, TOKEN_SPLIT, TOKEN_TRIM } from "@/server/domain/matching";

/**
 * A payment's match keys: the facts the matching cascade (server/domain/matching.ts) compares,
 * read out of its metadata and normalised as the rules compare them. Stored attempts keep them in
 * generated columns (payment_attempts.match_*, computed by PostgreSQL on every write, so a batch
 * re-matching 100,000 stored payments reads them instead of parsing every payment's JSON and
 * splitting its texts again); a payment not yet stored gets them from the same expressions
 * (services/matching/candidates.ts). `m` is the SQL of the metadata (a jsonb expression).
 */
export const matchKeySql = {
  /** Rule 1: `placement_id`, if it is a uuid. */
  placementId: (m: string) => {
    const v = `(${m} ->> '${FACT_KEYS.placementId}')`;
    return `case when ${v} ~ '${UUID_RE}' then ${v}::uuid end`;
  },
  /** Rule 2: the words of one text field (clearbook_match_words, migration 0024). */
  words: (m: string, field: (typeof FACT_KEYS.texts)[number]) =>
    `clearbook_match_words(${m} ->> '${field}', '${TOKEN_SPLIT}', '${TOKEN_TRIM}', ${MIN_TOKEN})`,
  /** Rule 3: an email field, trimmed and lower-cased (as the debtors_by_email index). */
  email: (m: string, field: (typeof FACT_KEYS.emails)[number]) => `nullif(lower(btrim(${m} ->> '${field}')), '')`,
  /** Rule 4: the payer's name as normaliseName gives it (as the debtors_by_name index). */
  name: (m: string) => `nullif(btrim(regexp_replace(lower(${m} ->> '${FACT_KEYS.name}'), '[^a-z0-9]+', ' ', 'g')), '')`,
};

const UUID_RE = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/** The stored column of each key (payment_attempts), by the metadata field it comes from. */
export const matchKeyColumn = {
  placementId: "match_placement_id",
  words: (field: (typeof FACT_KEYS.texts)[number]) => `match_words_${field}`,
  email: (field: (typeof FACT_KEYS.emails)[number]) => `match_${field}`,
  name: "match_name",
} as const;
