-- The words of a payment's text that could be an invoice number, as the matching cascade's rule 2
-- compares them (server/domain/matching.ts, textTokens): split on `sep`, trimmed of `trim_chars` at
-- both ends, upper-cased, at least `min_len` long, each once. The separators, trim characters and
-- length are arguments, written by the column that stores the words (db/schema/match-keys.ts) from
-- the domain's constants, so the rule is stated once. Immutable: a stored generated column's function.
-- PL/pgSQL with simple expressions, not a SQL function with a query: a generated column's SQL
-- function is parsed and planned again by every INSERT (about 90 µs a row, where this takes 10).
CREATE OR REPLACE FUNCTION clearbook_match_words(txt text, sep text, trim_chars text, min_len int) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE t text; w text; words text[] := '{}';
BEGIN
  FOREACH t IN ARRAY regexp_split_to_array(txt, sep) LOOP
    w := upper(btrim(t, trim_chars));
    IF length(w) >= min_len AND NOT w = ANY (words) THEN words := words || w; END IF;
  END LOOP;
  RETURN words;
END $$;
