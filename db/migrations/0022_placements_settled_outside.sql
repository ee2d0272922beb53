ALTER TABLE "placements" ADD COLUMN "direct_paid_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "placements" ADD COLUMN "written_off_amount" bigint DEFAULT 0 NOT NULL;