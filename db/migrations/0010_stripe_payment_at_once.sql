-- The one-statement path of a new Stripe payment (server/services/stripe-payment-at-once.ts):
-- the event's inbox row and all of the payment's rows are written by one autocommit statement,
-- which needs two helpers a plain SQL statement cannot express.

-- Take the payment's advisory lock (both the fast path and the transaction path lock through
-- this function), THEN ask whether parked events wait for any of `releases`. A VOLATILE function runs each query on a fresh snapshot (READ COMMITTED), so
-- the question sees a refund that parked and committed while we waited for the lock; the
-- calling statement's own snapshot, taken before the wait, would not.
CREATE OR REPLACE FUNCTION clearbook_lock_payment(lock_key text, releases text[]) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF lock_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(lock_key, 0));
  END IF;
  RETURN coalesce(cardinality(releases), 0) > 0
    AND EXISTS (SELECT 1 FROM stripe_events WHERE status = 'parked' AND wait_keys && releases);
END $$;
--> statement-breakpoint
-- Abort the calling statement as a serialization failure (SQLSTATE 40001): what it read has
-- changed under it (a concurrent payment on the same placement), so the caller retries.
CREATE OR REPLACE FUNCTION clearbook_retry(reason text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = reason;
END $$;
