-- A work item's history is a record of what people did: it is appended to, never rewritten.
CREATE TRIGGER work_item_events_append_only BEFORE UPDATE OR DELETE ON work_item_events FOR EACH ROW EXECUTE FUNCTION clearbook_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_item_events_no_truncate BEFORE TRUNCATE ON work_item_events FOR EACH STATEMENT EXECUTE FUNCTION clearbook_refuse_change();
--> statement-breakpoint
-- Items queued before service levels existed get theirs from their own age (the defaults of
-- server/domain/work-items.ts, counted in business days: Saturday and Sunday do not count).
CREATE OR REPLACE FUNCTION clearbook_add_business_days(start timestamptz, days int) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t timestamptz := start; n int := days;
BEGIN
  WHILE n > 0 LOOP
    t := t + interval '1 day';
    IF extract(isodow FROM t AT TIME ZONE 'UTC') < 6 THEN n := n - 1; END IF;
  END LOOP;
  RETURN t;
END $$;
--> statement-breakpoint
UPDATE work_items SET due_at = clearbook_add_business_days(created_at, CASE kind::text
  WHEN 'unmatched_payment' THEN 2 WHEN 'ambiguous_payment' THEN 2 WHEN 'reversal_decision' THEN 5
  WHEN 'writeback_failed' THEN 1 WHEN 'drift' THEN 3 WHEN 'direct_payment_candidate' THEN 5
  WHEN 'overpayment' THEN 5 WHEN 'unmatched_transfer' THEN 2 WHEN 'stripe_event_failed' THEN 1
  WHEN 'transfer_failed' THEN 1 WHEN 'payment_review' THEN 2 WHEN 'statement_tie_out' THEN 2
  WHEN 'bank_line_unmatched' THEN 3 WHEN 'bank_match_ambiguous' THEN 3 WHEN 'payout_failed' THEN 1
  ELSE 3 END)
WHERE due_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS work_items_due ON work_items (due_at) WHERE status IN ('open', 'in_progress');
