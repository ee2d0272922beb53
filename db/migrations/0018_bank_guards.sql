-- Records of money decisions and of the bank's own statements never change (same guard as the ledger).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['disbursement_decisions','bank_imports','bank_lines','bank_matches']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION clearbook_refuse_change()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION clearbook_refuse_change()', t || '_no_truncate', t);
  END LOOP;
END $$;
--> statement-breakpoint

-- A disbursement item is released at most once (its rows return to the payable) and otherwise never changes.
CREATE OR REPLACE FUNCTION clearbook_disbursement_item_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.released_at IS NOT NULL OR NEW.released_at IS NULL
     OR NEW.disbursement_id <> OLD.disbursement_id OR NEW.remittance_id <> OLD.remittance_id THEN
    RAISE EXCEPTION 'disbursement items only change by being released once (% refused)', TG_OP
      USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER disbursement_items_release_only BEFORE UPDATE OR DELETE ON disbursement_items
  FOR EACH ROW EXECUTE FUNCTION clearbook_disbursement_item_release_only();
--> statement-breakpoint

-- A run is decided once: after approval or rejection nothing about it changes.
CREATE OR REPLACE FUNCTION clearbook_disbursement_run_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'proposed' OR NEW.proposed_by <> OLD.proposed_by
     OR NEW.fingerprint <> OLD.fingerprint OR NEW.cutoff <> OLD.cutoff THEN
    RAISE EXCEPTION 'disbursement run % was already decided or its proposal cannot change', OLD.id
      USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER disbursement_runs_decided_once BEFORE UPDATE OR DELETE ON disbursement_runs
  FOR EACH ROW EXECUTE FUNCTION clearbook_disbursement_run_decided_once();
