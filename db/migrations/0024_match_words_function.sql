-- The words of a payment's text that could be an invoice number, as the matching cascade's rule 2
-- compares them (server/domain/matching.ts, textTokens): split on `sep`, trimmed of `trim_chars` at
-- both ends, upper-cased, at least `min_len` long, each once. The separators, trim characters and
-- length are arguments, written by the column that stores the words (db/schema/match-keys.ts) from
-- the domain's constants, so the rule is stated once. Immutable: a stored generated column's function.
CREATE OR REPLACE FUNCTION clearbook_match_words(txt text, sep text, trim_chars text, min_len int) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}')
  FROM (SELECT upper(btrim(t, trim_chars)) AS w FROM unnest(regexp_split_to_array(txt, sep)) t) s
  WHERE length(w) >= min_len
$$;
