CREATE TYPE "public"."disbursement_method" AS ENUM('stripe_transfer', 'ach', 'wire');--> statement-breakpoint
CREATE TYPE "public"."disbursement_run_status" AS ENUM('proposed', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."bank_file_format" AS ENUM('csv', 'camt053', 'mt940');--> statement-breakpoint
CREATE TYPE "public"."bank_match_subject" AS ENUM('payout', 'disbursement');--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'bank_line_unmatched';--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'bank_match_ambiguous';--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'payout_failed';--> statement-breakpoint
CREATE TABLE "disbursement_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"decision" "disbursement_run_status" NOT NULL,
	"actor_id" text NOT NULL,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disbursement_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "disbursement_run_status" DEFAULT 'proposed' NOT NULL,
	"cutoff" timestamp with time zone NOT NULL,
	"creditor_ids" jsonb,
	"fingerprint" text NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	CONSTRAINT "disbursement_runs_four_eyes" CHECK ("disbursement_runs"."decided_by" is null or "disbursement_runs"."status" <> 'approved' or "disbursement_runs"."decided_by" <> "disbursement_runs"."proposed_by")
);
--> statement-breakpoint
CREATE TABLE "qbo_account_mappings" (
	"creditor_id" uuid PRIMARY KEY NOT NULL,
	"realm_id" text NOT NULL,
	"clearing_account_id" text NOT NULL,
	"clearing_account_name" text NOT NULL,
	"fee_account_id" text NOT NULL,
	"fee_account_name" text NOT NULL,
	"bank_account_id" text NOT NULL,
	"bank_account_name" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qbo_journal_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disbursement_id" uuid NOT NULL,
	"creditor_id" uuid NOT NULL,
	"realm_id" text NOT NULL,
	"body" jsonb NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"qbo_journal_entry_id" text,
	"status" "qbo_mapping_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_code" text,
	"request_id" text NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qbo_journal_mappings_disbursementId_unique" UNIQUE("disbursement_id"),
	CONSTRAINT "qbo_journal_mappings_requestId_unique" UNIQUE("request_id"),
	CONSTRAINT "qbo_journal_mappings_request_id_len" CHECK (char_length("qbo_journal_mappings"."request_id") <= 50)
);
--> statement-breakpoint
CREATE TABLE "bank_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"identifier" text NOT NULL,
	"currency" char(3) NOT NULL,
	"csv_mapping" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_accounts_identifier_unique" UNIQUE("identifier")
);
--> statement-breakpoint
CREATE TABLE "bank_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"format" "bank_file_format" NOT NULL,
	"sha256" text NOT NULL,
	"imported_by" text NOT NULL,
	"lines_in_file" integer NOT NULL,
	"lines_new" integer NOT NULL,
	"statements" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_account_id" uuid NOT NULL,
	"booking_date" date NOT NULL,
	"value_date" date,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reference" text NOT NULL,
	"description" text NOT NULL,
	"counterparty" text,
	"fingerprint" text NOT NULL,
	"occurrence" integer NOT NULL,
	"import_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_line_id" uuid NOT NULL,
	"subject_type" "bank_match_subject" NOT NULL,
	"subject_id" text NOT NULL,
	"rule" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"matched_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_payout_items" (
	"balance_transaction_id" text PRIMARY KEY NOT NULL,
	"payout_id" text NOT NULL,
	"type" text NOT NULL,
	"reporting_category" text,
	"source" text,
	"amount" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"net" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"payment_attempt_id" uuid
);
--> statement-breakpoint
CREATE TABLE "stripe_payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text NOT NULL,
	"automatic" boolean NOT NULL,
	"arrival_date" date NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"journal_entry_id" uuid,
	"reversal_entry_id" uuid,
	"items_fetched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disbursements" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
-- Hand-edited: rename in place (existing rows keep their meaning: pending = approved, in_transit = sent).
ALTER TYPE "public"."disbursement_status" RENAME VALUE 'pending' TO 'approved';--> statement-breakpoint
ALTER TYPE "public"."disbursement_status" RENAME VALUE 'in_transit' TO 'sent';--> statement-breakpoint
ALTER TYPE "public"."disbursement_status" ADD VALUE 'draft';--> statement-breakpoint
ALTER TYPE "public"."disbursement_status" ADD VALUE 'bank_confirmed';--> statement-breakpoint
ALTER TYPE "public"."disbursement_status" ADD VALUE 'cancelled';--> statement-breakpoint
DROP INDEX "disbursement_items_once";--> statement-breakpoint
ALTER TABLE "disbursement_items" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "run_id" uuid;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "method" "disbursement_method";--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "rows_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "adjustment_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "fees_netted" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "bank_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disbursement_decisions" ADD CONSTRAINT "disbursement_decisions_run_id_disbursement_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."disbursement_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_account_mappings" ADD CONSTRAINT "qbo_account_mappings_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_journal_mappings" ADD CONSTRAINT "qbo_journal_mappings_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_lines" ADD CONSTRAINT "bank_lines_bank_account_id_bank_accounts_id_fk" FOREIGN KEY ("bank_account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_lines" ADD CONSTRAINT "bank_lines_import_id_bank_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."bank_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_matches" ADD CONSTRAINT "bank_matches_bank_line_id_bank_lines_id_fk" FOREIGN KEY ("bank_line_id") REFERENCES "public"."bank_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_payout_items" ADD CONSTRAINT "stripe_payout_items_payout_id_stripe_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."stripe_payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_payout_items" ADD CONSTRAINT "stripe_payout_items_payment_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("payment_attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_payouts" ADD CONSTRAINT "stripe_payouts_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_payouts" ADD CONSTRAINT "stripe_payouts_reversal_entry_id_journal_entries_id_fk" FOREIGN KEY ("reversal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disbursement_decisions_by_run" ON "disbursement_decisions" USING btree ("run_id","created_at");--> statement-breakpoint
CREATE INDEX "disbursement_runs_by_status" ON "disbursement_runs" USING btree ("status","proposed_at");--> statement-breakpoint
CREATE INDEX "qbo_journal_mappings_due" ON "qbo_journal_mappings" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "qbo_journal_mappings_by_creditor" ON "qbo_journal_mappings" USING btree ("creditor_id","created_at");--> statement-breakpoint
CREATE INDEX "bank_imports_by_time" ON "bank_imports" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_lines_once" ON "bank_lines" USING btree ("bank_account_id","fingerprint","occurrence");--> statement-breakpoint
CREATE INDEX "bank_lines_by_date" ON "bank_lines" USING btree ("bank_account_id","booking_date");--> statement-breakpoint
CREATE INDEX "bank_lines_by_amount" ON "bank_lines" USING btree ("amount","booking_date");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_matches_line" ON "bank_matches" USING btree ("bank_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_matches_subject" ON "bank_matches" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "stripe_payout_items_by_payout" ON "stripe_payout_items" USING btree ("payout_id");--> statement-breakpoint
CREATE INDEX "stripe_payout_items_by_payment" ON "stripe_payout_items" USING btree ("payment_attempt_id");--> statement-breakpoint
CREATE INDEX "stripe_payouts_by_arrival" ON "stripe_payouts" USING btree ("arrival_date");--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_run_id_disbursement_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."disbursement_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disbursements_by_run" ON "disbursements" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "disbursements_by_status" ON "disbursements" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursement_items_once" ON "disbursement_items" USING btree ("remittance_id") WHERE "disbursement_items"."released_at" is null;--> statement-breakpoint
UPDATE "disbursements" SET "rows_amount" = "amount";--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_amount_parts" CHECK ("disbursements"."amount" > 0 and "disbursements"."amount" = "disbursements"."rows_amount" + "disbursements"."adjustment_amount" - "disbursements"."fees_netted" and "disbursements"."fees_netted" >= 0);