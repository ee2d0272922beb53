ALTER TYPE "public"."work_item_status" ADD VALUE 'dismissed';--> statement-breakpoint
CREATE TABLE "work_item_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_item_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "resolved_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "proposal" jsonb;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "proposed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "proposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "approved_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_item_events" ADD CONSTRAINT "work_item_events_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_item_events_by_item" ON "work_item_events" USING btree ("work_item_id","occurred_at");--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_items_by_owner" ON "work_items" USING btree ("owner_user_id","status");--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_version_positive" CHECK ("work_items"."version" >= 1);--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_reopen_count" CHECK ("work_items"."reopen_count" >= 0);