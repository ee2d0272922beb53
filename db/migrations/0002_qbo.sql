CREATE TYPE "public"."qbo_connection_status" AS ENUM('connected', 'needs_reconnect', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."qbo_drift_cause" AS ENUM('direct_payment', 'invoice_edited', 'writeback_pending', 'writeback_failed', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."qbo_mapping_status" AS ENUM('pending', 'posted', 'failed');--> statement-breakpoint
CREATE TYPE "public"."qbo_webhook_event_status" AS ENUM('received', 'processed', 'ignored', 'failed');--> statement-breakpoint
CREATE TABLE "qbo_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"realm_id" text NOT NULL,
	"company_name" text,
	"status" "qbo_connection_status" NOT NULL,
	"status_reason" text,
	"access_token_enc" text,
	"refresh_token_enc" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"refresh_token_hard_expires_at" timestamp with time zone,
	"token_version" integer DEFAULT 0 NOT NULL,
	"connected_at" timestamp with time zone,
	"last_refreshed_at" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"cdc_cursor" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qbo_connections_creditorId_unique" UNIQUE("creditor_id")
);
--> statement-breakpoint
CREATE TABLE "qbo_drift_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"creditor_id" uuid NOT NULL,
	"placement_id" uuid NOT NULL,
	"realm_id" text NOT NULL,
	"qbo_invoice_id" text NOT NULL,
	"expected_balance" bigint NOT NULL,
	"live_balance" bigint NOT NULL,
	"drift_amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"live_sync_token" text,
	"likely_cause" "qbo_drift_cause" NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qbo_oauth_states" (
	"nonce" text PRIMARY KEY NOT NULL,
	"creditor_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qbo_payment_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_attempt_id" uuid NOT NULL,
	"remittance_id" uuid,
	"placement_id" uuid NOT NULL,
	"creditor_id" uuid NOT NULL,
	"realm_id" text NOT NULL,
	"qbo_invoice_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"qbo_payment_id" text,
	"status" "qbo_mapping_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_code" text,
	"request_id" text NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qbo_payment_mappings_paymentAttemptId_unique" UNIQUE("payment_attempt_id"),
	CONSTRAINT "qbo_payment_mappings_requestId_unique" UNIQUE("request_id"),
	CONSTRAINT "qbo_payment_mappings_amount_positive" CHECK ("qbo_payment_mappings"."amount" > 0),
	CONSTRAINT "qbo_payment_mappings_request_id_len" CHECK (char_length("qbo_payment_mappings"."request_id") <= 50)
);
--> statement-breakpoint
CREATE TABLE "qbo_webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" text NOT NULL,
	"realm_id" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"operation" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"status" "qbo_webhook_event_status" DEFAULT 'received' NOT NULL,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "qbo_webhook_events_eventId_unique" UNIQUE("event_id")
);
--> statement-breakpoint
ALTER TABLE "qbo_connections" ADD CONSTRAINT "qbo_connections_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_drift_checks" ADD CONSTRAINT "qbo_drift_checks_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_drift_checks" ADD CONSTRAINT "qbo_drift_checks_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_oauth_states" ADD CONSTRAINT "qbo_oauth_states_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_payment_mappings" ADD CONSTRAINT "qbo_payment_mappings_payment_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("payment_attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_payment_mappings" ADD CONSTRAINT "qbo_payment_mappings_remittance_id_remittances_id_fk" FOREIGN KEY ("remittance_id") REFERENCES "public"."remittances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_payment_mappings" ADD CONSTRAINT "qbo_payment_mappings_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_payment_mappings" ADD CONSTRAINT "qbo_payment_mappings_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "qbo_connections_live_realm" ON "qbo_connections" USING btree ("realm_id") WHERE "qbo_connections"."status" <> 'disconnected';--> statement-breakpoint
CREATE INDEX "qbo_drift_checks_by_creditor" ON "qbo_drift_checks" USING btree ("creditor_id","checked_at");--> statement-breakpoint
CREATE INDEX "qbo_drift_checks_by_placement" ON "qbo_drift_checks" USING btree ("placement_id","checked_at");--> statement-breakpoint
CREATE INDEX "qbo_drift_checks_by_run" ON "qbo_drift_checks" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "qbo_payment_mappings_qbo_payment" ON "qbo_payment_mappings" USING btree ("realm_id","qbo_payment_id");--> statement-breakpoint
CREATE INDEX "qbo_payment_mappings_due" ON "qbo_payment_mappings" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "qbo_payment_mappings_by_creditor" ON "qbo_payment_mappings" USING btree ("creditor_id","created_at");--> statement-breakpoint
CREATE INDEX "qbo_payment_mappings_by_placement" ON "qbo_payment_mappings" USING btree ("placement_id");--> statement-breakpoint
CREATE INDEX "qbo_webhook_events_pending" ON "qbo_webhook_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "qbo_webhook_events_by_realm" ON "qbo_webhook_events" USING btree ("realm_id","entity","entity_id");