-- Ledger guards: the database itself keeps the books honest, whatever code runs against it.

-- 1. Append-only records: UPDATE, DELETE and TRUNCATE are refused.
CREATE OR REPLACE FUNCTION clearbook_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only: % on % is refused (write a new row instead)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'raise_exception', HINT = 'Reversals and corrections are new rows that point at the original.';
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['remittances','postings','journal_entries','audit_events','accounting_documents','accounting_document_lines','creditor_rates']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION clearbook_refuse_change()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION clearbook_refuse_change()', t || '_no_truncate', t);
  END LOOP;
END $$;
--> statement-breakpoint

-- 2. Every journal entry balances per currency, checked at commit so its postings can be inserted one by one.
CREATE OR REPLACE FUNCTION clearbook_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
  SELECT currency, sum(amount) AS total INTO bad
    FROM postings WHERE entry_id = NEW.entry_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'unbalanced journal entry %: postings in % sum to %', NEW.entry_id, bad.currency, bad.total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION clearbook_check_entry_balanced();
--> statement-breakpoint

-- 3. An entry without at least two postings explains nothing.
CREATE OR REPLACE FUNCTION clearbook_check_entry_has_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM postings WHERE entry_id = NEW.id) < 2 THEN
    RAISE EXCEPTION 'journal entry % has fewer than two postings', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_entries_have_postings AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION clearbook_check_entry_has_postings();
--> statement-breakpoint

-- 4. Contingency rates move forward only: a new rate never takes effect before the latest one.
CREATE OR REPLACE FUNCTION clearbook_rates_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest timestamptz;
BEGIN
  SELECT max(effective_from) INTO latest FROM creditor_rates WHERE creditor_id = NEW.creditor_id;
  IF latest IS NOT NULL AND NEW.effective_from <= latest THEN
    RAISE EXCEPTION 'contingency rate for creditor % must take effect after % (got %)', NEW.creditor_id, latest, NEW.effective_from
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER creditor_rates_forward_only BEFORE INSERT ON creditor_rates
  FOR EACH ROW EXECUTE FUNCTION clearbook_rates_forward_only();
--> statement-breakpoint

-- 5. A reversal or reinstatement belongs to its parent's placement and currency.
CREATE OR REPLACE FUNCTION clearbook_check_remittance_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent record;
BEGIN
  IF NEW.parent_remittance_id IS NULL THEN RETURN NEW; END IF;
  SELECT placement_id, currency, status INTO parent FROM remittances WHERE id = NEW.parent_remittance_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'remittance parent % does not exist', NEW.parent_remittance_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF parent.placement_id <> NEW.placement_id OR parent.currency <> NEW.currency THEN
    RAISE EXCEPTION 'remittance % must share its parent''s placement and currency', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.status = 'reversed' AND parent.status = 'reversed') OR (NEW.status = 'reinstated' AND parent.status <> 'reversed') THEN
    RAISE EXCEPTION 'a % row cannot have a % parent', NEW.status, parent.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER remittances_parent_check BEFORE INSERT ON remittances
  FOR EACH ROW EXECUTE FUNCTION clearbook_check_remittance_parent();
