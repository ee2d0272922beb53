CREATE TYPE "public"."user_role" AS ENUM('creditor_admin', 'creditor_member', 'operator', 'finance', 'admin');--> statement-breakpoint
CREATE TYPE "public"."installment_status" AS ENUM('scheduled', 'paid', 'missed');--> statement-breakpoint
CREATE TYPE "public"."placement_status" AS ENUM('open', 'paid', 'closed_uncollected', 'recalled');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('active', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."credit_status" AS ENUM('open', 'applied', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."payment_source" AS ENUM('stripe', 'manual', 'bank', 'direct');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'succeeded', 'failed', 'partially_reversed', 'reversed', 'unmatched');--> statement-breakpoint
CREATE TYPE "public"."remittance_status" AS ENUM('cleared', 'reversed', 'reinstated');--> statement-breakpoint
CREATE TYPE "public"."reversal_reason" AS ENUM('refund', 'chargeback', 'dispute_reinstated', 'cancellation');--> statement-breakpoint
CREATE TYPE "public"."allocate_to" AS ENUM('principal', 'fees', 'interest', 'overpayment');--> statement-breakpoint
CREATE TYPE "public"."accounting_document_type" AS ENUM('AGENCY_PAYMENT', 'DIRECT_PAYMENT', 'CREDIT_WAIVER', 'DEBIT', 'WRITE_OFF', 'CANCELLATION', 'REALLOCATION');--> statement-breakpoint
CREATE TYPE "public"."disbursement_status" AS ENUM('pending', 'in_transit', 'paid', 'reversed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."actor_type" AS ENUM('user', 'api_key', 'stripe_webhook', 'qbo_webhook', 'job', 'system');--> statement-breakpoint
CREATE TYPE "public"."work_item_kind" AS ENUM('unmatched_payment', 'ambiguous_payment', 'reversal_decision', 'writeback_failed', 'drift', 'direct_payment_candidate', 'overpayment');--> statement-breakpoint
CREATE TYPE "public"."work_item_status" AS ENUM('open', 'in_progress', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'processing', 'done', 'failed', 'dead');--> statement-breakpoint
CREATE TABLE "creditor_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"rate_bps" integer NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "creditor_rates_bps" CHECK ("creditor_rates"."rate_bps" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "creditors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"default_currency" char(3) NOT NULL,
	"contingency_rate_bps" integer NOT NULL,
	"stripe_account_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "creditors_slug_unique" UNIQUE("slug"),
	CONSTRAINT "creditors_rate_bps" CHECK ("creditors"."contingency_rate_bps" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" "user_role" NOT NULL,
	"creditor_id" uuid,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_creditor_roles" CHECK (("users"."role" in ('creditor_admin','creditor_member')) = ("users"."creditor_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "debtors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"placement_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_date" date NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "installment_status" DEFAULT 'scheduled' NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "installments_seq" UNIQUE("plan_id","seq"),
	CONSTRAINT "installments_amount_positive" CHECK ("installments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"placement_id" uuid NOT NULL,
	"status" "plan_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"debtor_id" uuid NOT NULL,
	"invoice_number" text NOT NULL,
	"qbo_invoice_id" text,
	"invoice_amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"due_date" date NOT NULL,
	"status" "placement_status" DEFAULT 'open' NOT NULL,
	"recovered_amount" bigint DEFAULT 0 NOT NULL,
	"fee_amount" bigint DEFAULT 0 NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placements_invoice_per_creditor" UNIQUE("creditor_id","invoice_number"),
	CONSTRAINT "placements_invoice_positive" CHECK ("placements"."invoice_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "customer_credits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"debtor_id" uuid,
	"placement_id" uuid,
	"payment_attempt_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "credit_status" DEFAULT 'open' NOT NULL,
	"journal_entry_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_credits_positive" CHECK ("customer_credits"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid,
	"placement_id" uuid,
	"installment_id" uuid,
	"source" "payment_source" NOT NULL,
	"external_id" text NOT NULL,
	"charge_id" text,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "payment_status" NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_attempts_external" UNIQUE("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "remittances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"placement_id" uuid NOT NULL,
	"payment_attempt_id" uuid NOT NULL,
	"installment_id" uuid,
	"parent_remittance_id" uuid,
	"status" "remittance_status" NOT NULL,
	"reason" "reversal_reason",
	"external_ref" text,
	"recovered_amount" bigint NOT NULL,
	"fee_amount" bigint NOT NULL,
	"net_remit_amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"contingency_pct_snapshot" integer NOT NULL,
	"journal_entry_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remittances_net" CHECK ("remittances"."net_remit_amount" = "remittances"."recovered_amount" - "remittances"."fee_amount"),
	CONSTRAINT "remittances_signs" CHECK (case "remittances"."status" when 'reversed' then "remittances"."recovered_amount" < 0 and "remittances"."fee_amount" <= 0 and "remittances"."fee_amount" >= "remittances"."recovered_amount"
    else "remittances"."recovered_amount" > 0 and "remittances"."fee_amount" >= 0 and "remittances"."fee_amount" <= "remittances"."recovered_amount" end),
	CONSTRAINT "remittances_parent" CHECK (("remittances"."status" = 'cleared') = ("remittances"."parent_remittance_id" is null)),
	CONSTRAINT "remittances_rate" CHECK ("remittances"."contingency_pct_snapshot" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"source_ref" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"account" text NOT NULL,
	"creditor_id" uuid,
	"placement_id" uuid,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounting_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"placement_id" uuid,
	"type" "accounting_document_type" NOT NULL,
	"number" text NOT NULL,
	"original_type" "accounting_document_type",
	"original_number" text,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"value_date" date NOT NULL,
	"journal_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_documents_number" UNIQUE("creditor_id","number")
);
--> statement-breakpoint
CREATE TABLE "accounting_document_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"placement_id" uuid,
	"invoice_number" text,
	"allocate_to" "allocate_to" NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disbursement_items" (
	"disbursement_id" uuid NOT NULL,
	"remittance_id" uuid NOT NULL,
	CONSTRAINT "disbursement_items_disbursement_id_remittance_id_pk" PRIMARY KEY("disbursement_id","remittance_id")
);
--> statement-breakpoint
CREATE TABLE "disbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "disbursement_status" DEFAULT 'pending' NOT NULL,
	"stripe_transfer_id" text,
	"ach_reference" text,
	"reversed_amount" bigint NOT NULL,
	"journal_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"category" text DEFAULT 'general' NOT NULL,
	"creditor_id" uuid,
	"target_type" text,
	"target_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "work_item_kind" NOT NULL,
	"status" "work_item_status" DEFAULT 'open' NOT NULL,
	"creditor_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"title" text NOT NULL,
	"next_action" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_user_id" uuid,
	"resolution" jsonb,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "creditor_rates" ADD CONSTRAINT "creditor_rates_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debtors" ADD CONSTRAINT "debtors_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_plan_id_payment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."payment_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_plans" ADD CONSTRAINT "payment_plans_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credits" ADD CONSTRAINT "customer_credits_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credits" ADD CONSTRAINT "customer_credits_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credits" ADD CONSTRAINT "customer_credits_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credits" ADD CONSTRAINT "customer_credits_payment_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("payment_attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credits" ADD CONSTRAINT "customer_credits_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_payment_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("payment_attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_lines" ADD CONSTRAINT "accounting_document_lines_document_id_accounting_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."accounting_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_lines" ADD CONSTRAINT "accounting_document_lines_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_items" ADD CONSTRAINT "disbursement_items_disbursement_id_disbursements_id_fk" FOREIGN KEY ("disbursement_id") REFERENCES "public"."disbursements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_items" ADD CONSTRAINT "disbursement_items_remittance_id_remittances_id_fk" FOREIGN KEY ("remittance_id") REFERENCES "public"."remittances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "creditor_rates_by_creditor" ON "creditor_rates" USING btree ("creditor_id","effective_from");--> statement-breakpoint
CREATE INDEX "debtors_by_creditor" ON "debtors" USING btree ("creditor_id");--> statement-breakpoint
CREATE INDEX "placements_by_creditor_status" ON "placements" USING btree ("creditor_id","status","id");--> statement-breakpoint
CREATE INDEX "placements_by_creditor_due" ON "placements" USING btree ("creditor_id","due_date","id");--> statement-breakpoint
CREATE INDEX "payment_attempts_charge" ON "payment_attempts" USING btree ("charge_id");--> statement-breakpoint
CREATE INDEX "payment_attempts_by_placement" ON "payment_attempts" USING btree ("placement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "remittances_external_ref" ON "remittances" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "remittances_by_creditor" ON "remittances" USING btree ("creditor_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "remittances_by_placement" ON "remittances" USING btree ("placement_id","occurred_at");--> statement-breakpoint
CREATE INDEX "remittances_by_parent" ON "remittances" USING btree ("parent_remittance_id");--> statement-breakpoint
CREATE INDEX "remittances_by_payment" ON "remittances" USING btree ("payment_attempt_id");--> statement-breakpoint
CREATE INDEX "journal_entries_by_creditor" ON "journal_entries" USING btree ("creditor_id","occurred_at");--> statement-breakpoint
CREATE INDEX "postings_by_entry" ON "postings" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "postings_by_account" ON "postings" USING btree ("account","currency");--> statement-breakpoint
CREATE INDEX "postings_by_placement" ON "postings" USING btree ("placement_id");--> statement-breakpoint
CREATE INDEX "accounting_documents_by_placement" ON "accounting_documents" USING btree ("placement_id");--> statement-breakpoint
CREATE INDEX "accounting_document_lines_by_doc" ON "accounting_document_lines" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursement_items_once" ON "disbursement_items" USING btree ("remittance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursements_transfer" ON "disbursements" USING btree ("stripe_transfer_id");--> statement-breakpoint
CREATE INDEX "disbursements_by_creditor" ON "disbursements" USING btree ("creditor_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_by_creditor" ON "audit_events" USING btree ("creditor_id","category","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_by_target" ON "audit_events" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_events_by_time" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_items_dedupe" ON "work_items" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "work_items_queue" ON "work_items" USING btree ("status","kind","created_at");--> statement-breakpoint
CREATE INDEX "work_items_by_creditor" ON "work_items" USING btree ("creditor_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","next_attempt_at");