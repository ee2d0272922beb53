-- Issued statements never change: a closed month is re-issued as a new version, never rewritten.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['statements','statement_lines','statement_bookings']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION clearbook_refuse_change()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION clearbook_refuse_change()', t || '_no_truncate', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- A statement finds the records behind its journal entries by entry id (lines.ts).
CREATE INDEX IF NOT EXISTS remittances_by_journal_entry ON remittances (journal_entry_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS disbursements_by_journal_entry ON disbursements (journal_entry_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounting_documents_by_journal_entry ON accounting_documents (journal_entry_id);
