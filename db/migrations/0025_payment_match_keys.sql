-- The matching cascade's keys of a stored payment (db/schema/match-keys.ts), in one statement: the
-- table is rewritten once, not once per column.
ALTER TABLE "payment_attempts"
  ADD COLUMN "match_placement_id" uuid GENERATED ALWAYS AS (case when ("metadata" ->> 'placement_id') ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then ("metadata" ->> 'placement_id')::uuid end) STORED,
  ADD COLUMN "match_words_description" text[] GENERATED ALWAYS AS (clearbook_match_words("metadata" ->> 'description', '[^A-Za-z0-9_/.#-]+', '.-/#', 3)) STORED,
  ADD COLUMN "match_words_statement_descriptor" text[] GENERATED ALWAYS AS (clearbook_match_words("metadata" ->> 'statement_descriptor', '[^A-Za-z0-9_/.#-]+', '.-/#', 3)) STORED,
  ADD COLUMN "match_words_reference" text[] GENERATED ALWAYS AS (clearbook_match_words("metadata" ->> 'reference', '[^A-Za-z0-9_/.#-]+', '.-/#', 3)) STORED,
  ADD COLUMN "match_receipt_email" text GENERATED ALWAYS AS (nullif(lower(btrim("metadata" ->> 'receipt_email')), '')) STORED,
  ADD COLUMN "match_billing_email" text GENERATED ALWAYS AS (nullif(lower(btrim("metadata" ->> 'billing_email')), '')) STORED,
  ADD COLUMN "match_name" text GENERATED ALWAYS AS (nullif(btrim(regexp_replace(lower("metadata" ->> 'billing_name'), '[^a-z0-9]+', ' ', 'g')), '')) STORED;
