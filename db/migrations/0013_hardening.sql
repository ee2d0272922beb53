ALTER TYPE "public"."work_item_kind" ADD VALUE 'payment_review';--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "device" text;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_by_email_device" ON "sign_in_attempts" USING btree ("email","device","attempted_at");