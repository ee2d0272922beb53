CREATE TYPE "public"."statement_run_status" AS ENUM('generating', 'generated', 'failed', 'issued');--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'statement_tie_out';--> statement-breakpoint
CREATE TABLE "statement_bookings" (
	"journal_entry_id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"period" text NOT NULL,
	"statement_id" uuid NOT NULL,
	"brought_forward" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"statement_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"booked_at" timestamp with time zone NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"original_period" text,
	"invoice_number" text,
	"debtor_name" text,
	"placement_id" uuid,
	"remittance_id" uuid,
	"parent_remittance_id" uuid,
	"reference" text,
	"recovered" bigint NOT NULL,
	"rate_bps" integer,
	"fee" bigint NOT NULL,
	"net" bigint NOT NULL,
	"qbo_state" text,
	"journal_entry_id" uuid NOT NULL,
	CONSTRAINT "statement_lines_statement_id_seq_pk" PRIMARY KEY("statement_id","seq")
);
--> statement-breakpoint
CREATE TABLE "statement_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"period" text NOT NULL,
	"version" integer NOT NULL,
	"status" "statement_run_status" DEFAULT 'generating' NOT NULL,
	"reason" text,
	"requested_by" text NOT NULL,
	"tie_out" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"statement_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statement_runs_version" UNIQUE("creditor_id","period","version")
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"period" text NOT NULL,
	"version" integer NOT NULL,
	"number" text NOT NULL,
	"time_zone" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"reason" text,
	"previous_statement_id" uuid,
	"creditor_name" text NOT NULL,
	"creditor_slug" text NOT NULL,
	"summary" jsonb NOT NULL,
	"changes" jsonb,
	"line_count" integer NOT NULL,
	"page_count" integer NOT NULL,
	"pdf_file_id" uuid,
	"csv_file_id" uuid,
	"pdf_sha256" char(64) NOT NULL,
	"csv_sha256" char(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statements_version" UNIQUE("creditor_id","period","version"),
	CONSTRAINT "statements_period" CHECK ("statements"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "statements_reason" CHECK (("statements"."version" = 1 and "statements"."reason" is null) or ("statements"."version" > 1 and length(btrim("statements"."reason")) >= 3))
);
--> statement-breakpoint
ALTER TABLE "statement_bookings" ADD CONSTRAINT "statement_bookings_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_bookings" ADD CONSTRAINT "statement_bookings_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_bookings" ADD CONSTRAINT "statement_bookings_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_runs" ADD CONSTRAINT "statement_runs_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_runs" ADD CONSTRAINT "statement_runs_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_pdf_file_id_files_id_fk" FOREIGN KEY ("pdf_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_csv_file_id_files_id_fk" FOREIGN KEY ("csv_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statement_bookings_by_period" ON "statement_bookings" USING btree ("creditor_id","period");--> statement-breakpoint
CREATE INDEX "statement_runs_by_period" ON "statement_runs" USING btree ("period","status");--> statement-breakpoint
CREATE INDEX "statements_by_creditor" ON "statements" USING btree ("creditor_id","period","version");--> statement-breakpoint
CREATE INDEX "statements_by_period" ON "statements" USING btree ("period","creditor_id");