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
