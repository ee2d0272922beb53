-- Issue 18: an invoice amount must fit the API's range (2^53 - 1 minor units, what a JSON number
-- carries exactly). Every intake surface checks this first (server/domain/amount-limits.ts); this is
-- the last line. NOT VALID: rows stored before the bound keep being listed (and answered as exact
-- digits by /v1) instead of failing the migration; new and updated rows are checked.
ALTER TABLE "placements" ADD CONSTRAINT "placements_amounts_in_range" CHECK ("invoice_amount" <= 9007199254740991) NOT VALID;
