-- Stored files (server/services/files): once complete, a file's content and what describes it never
-- change, whatever code runs against the database. A complete file may only be tombstoned
-- (status 'deleted'), after which its content may go (purged_at); a deleted file never comes back.

-- 1. A complete file knows its size and digest.
ALTER TABLE files ADD CONSTRAINT files_complete_has_digest
  CHECK (status <> 'complete' OR (size >= 0 AND sha256 ~ '^[0-9a-f]{64}$' AND completed_at IS NOT NULL));
--> statement-breakpoint
ALTER TABLE files ADD CONSTRAINT files_backend_key
  CHECK ((backend = 's3') = (object_key IS NOT NULL));
--> statement-breakpoint

-- 2. Complete → only tombstoned (and its retention changed); deleted → frozen but for marking its content purged.
CREATE OR REPLACE FUNCTION clearbook_files_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'deleted' THEN
    IF OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL
       AND (to_jsonb(NEW) - 'purged_at') = (to_jsonb(OLD) - 'purged_at') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'file % is deleted: it cannot change', OLD.id USING ERRCODE = 'raise_exception';
  END IF;
  IF OLD.status = 'complete' AND (
    NEW.status = 'pending'
    OR (NEW.id, NEW.kind, NEW.name, NEW.content_type, NEW.backend, NEW.object_key, NEW.size, NEW.sha256,
        NEW.creditor_id, NEW.created_at, NEW.completed_at)
       IS DISTINCT FROM
       (OLD.id, OLD.kind, OLD.name, OLD.content_type, OLD.backend, OLD.object_key, OLD.size, OLD.sha256,
        OLD.creditor_id, OLD.created_at, OLD.completed_at)
  ) THEN
    RAISE EXCEPTION 'file % is complete: its content is immutable (store a new file instead)', OLD.id
      USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER files_immutable BEFORE UPDATE ON files FOR EACH ROW EXECUTE FUNCTION clearbook_files_immutable();
--> statement-breakpoint

-- 3. Chunks: never rewritten; added only while their file is pending; removed only when it is not complete.
CREATE OR REPLACE FUNCTION clearbook_file_chunks_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st file_status;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'file chunks are never rewritten' USING ERRCODE = 'raise_exception';
  END IF;
  SELECT status INTO st FROM files WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.file_id ELSE OLD.file_id END;
  IF TG_OP = 'INSERT' AND st IS DISTINCT FROM 'pending' THEN
    RAISE EXCEPTION 'file % is not being written (status %): no chunk may be added', NEW.file_id, st
      USING ERRCODE = 'raise_exception';
  END IF;
  IF TG_OP = 'DELETE' AND st = 'complete' THEN
    RAISE EXCEPTION 'file % is complete: delete the file, not its chunks', OLD.file_id USING ERRCODE = 'raise_exception';
  END IF;
  RETURN CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
END $$;
--> statement-breakpoint
CREATE TRIGGER file_chunks_guard BEFORE INSERT OR UPDATE OR DELETE ON file_chunks
  FOR EACH ROW EXECUTE FUNCTION clearbook_file_chunks_guard();
--> statement-breakpoint

-- 4. Chunks are PDFs and CSVs on their way out: store them uncompressed (no CPU spent on TOAST compression).
ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
