CREATE TYPE "public"."stripe_event_status" AS ENUM('received', 'processed', 'ignored', 'parked', 'failed');--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'unmatched_transfer';--> statement-breakpoint
ALTER TYPE "public"."work_item_kind" ADD VALUE 'stripe_event_failed';--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"livemode" boolean NOT NULL,
	"account" text,
	"api_version" text,
	"object_id" text,
	"created" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "stripe_event_status" NOT NULL,
	"error" text,
	"wait_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stripe_events_wait_keys" ON "stripe_events" USING gin ("wait_keys") WHERE "stripe_events"."status" = 'parked';--> statement-breakpoint
CREATE INDEX "stripe_events_by_status" ON "stripe_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "stripe_events_by_object" ON "stripe_events" USING btree ("object_id");